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
public sealed record TraceRow(
    int Iteration,
    double WallSeconds,
    double? SimulatedSeconds,
    double ComputeSeconds,
    long Bytes,
    double Primal,
    double? Dual,
    double? Gap,
    double? Suboptimality);
