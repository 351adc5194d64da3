namespace Hemingway.Engines.Traces;

/// <summary>One iteration of a run (iteration 0 is the starting point).</summary>
/// <param name="Iteration">0, 1, 2, ….</param>
/// <param name="WallSeconds">
/// Real seconds since the run started, excluding objective evaluation; NaN when not measured (a trace imported with
/// simulated time only).
/// </param>
/// <param name="SimulatedSeconds">The simulated cluster's clock since the start; null on real engines.</param>
/// <param name="ComputeSeconds">This iteration's slowest worker's compute time (measured or from the cost model).</param>
/// <param name="Bytes">Bytes communicated since the run started.</param>
/// <param name="Primal">P(w).</param>
/// <param name="Dual">D(α), null for methods without a dual.</param>
/// <param name="Gap">P − D, null for methods without a dual.</param>
/// <param name="Suboptimality">P − P*, null when P* is unknown.</param>
/// <param name="TestError">
/// How well w does on a held-out test set, null when the run had none: for a classification loss (hinge, logistic)
/// the misclassification rate, the fraction of test rows with sign(x·w) ≠ y, where x·w = 0 counts as −1; for the
/// squared loss the test mean squared error 1/n Σ (x·w − y)².
/// </param>
public sealed record TraceRow(
    int Iteration,
    double WallSeconds,
    double? SimulatedSeconds,
    double ComputeSeconds,
    long Bytes,
    double Primal,
    double? Dual,
    double? Gap,
    double? Suboptimality,
    double? TestError = null);
