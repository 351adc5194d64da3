namespace Hemingway.Modeling.Validation;

/// <summary>How well a model fitted without one machine count predicts the run on it.</summary>
/// <param name="Machines">The held-out m.</param>
/// <param name="Log10Error">Errors in log10 of the target (P − P* by default) over the held-out run's iterations.</param>
/// <param name="TrueIterations">The first iteration at which the run reached ε (null when it did not).</param>
/// <param name="PredictedIterations">The model's iterations to ε (null when it predicts ε is not reached within the limit).</param>
public sealed record HeldOutMachines(int Machines, ErrorSummary Log10Error, int? TrueIterations, int? PredictedIterations)
{
    /// <summary>|predicted − true| / true, when both exist.</summary>
    public double? RelativeIterationError =>
        TrueIterations is { } t && PredictedIterations is { } p ? Math.Abs(p - t) / (double)t : null;
}
