namespace Hemingway.Algorithms;

/// <summary>
/// The state after one iteration (iteration 0 is the starting point): what a progress display shows and a trace stores.
/// </summary>
/// <param name="Iteration">0 for the starting point, then 1, 2, ….</param>
/// <param name="Seconds">Algorithm time since the start, excluding the time spent evaluating objectives.</param>
/// <param name="Primal">P(w).</param>
/// <param name="Dual">D(α), or NaN where the method keeps no dual.</param>
/// <param name="Suboptimality">P(w) − P*, or null when P* is unknown.</param>
public readonly record struct IterationRecord(int Iteration, double Seconds, double Primal, double Dual, double? Suboptimality)
{
    /// <summary>P(w) − D(α), NaN where there is no dual.</summary>
    public double Gap => Primal - Dual;

    /// <summary>(P − D) / |P|.</summary>
    public double RelativeGap => Gap / Math.Max(Math.Abs(Primal), double.Epsilon);
}
