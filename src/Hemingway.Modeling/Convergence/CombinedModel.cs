namespace Hemingway.Modeling.Convergence;

/// <summary>
/// Hemingway's model in time: h(t, m) = g(t / f(m), m), the sub-optimality after t seconds on m machines, from a
/// convergence model g and a system model f (seconds per iteration on m machines, e.g. Ernest's).
/// </summary>
public sealed class CombinedModel
{
    private readonly ConvergenceModel _convergence;
    private readonly Func<int, double> _secondsPerIteration;

    /// <summary>Combines g with f.</summary>
    public CombinedModel(ConvergenceModel convergence, Func<int, double> secondsPerIteration)
    {
        _convergence = convergence;
        _secondsPerIteration = secondsPerIteration;
    }

    /// <summary>f(m).</summary>
    public double SecondsPerIteration(int machines) => _secondsPerIteration(machines);

    /// <summary>h(t, m).</summary>
    public double Predict(double seconds, int machines) => _convergence.Predict(Math.Max(1, seconds / _secondsPerIteration(machines)), machines);

    /// <summary>
    /// Predicted iterations and seconds to reach P − P* ≤ ε (or the convergence model's other target ≤ ε) on m machines,
    /// or null when not within the limit.
    /// </summary>
    public (int Iterations, double Seconds)? TimeToReach(double epsilon, int machines, int maxIterations)
    {
        var iterations = _convergence.IterationsToReach(epsilon, machines, maxIterations);
        return iterations is { } i ? (i, i * _secondsPerIteration(machines)) : null;
    }
}
