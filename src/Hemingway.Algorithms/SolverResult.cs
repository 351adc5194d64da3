namespace Hemingway.Algorithms;

/// <summary>What a solver returns: the final point, its objective values, and why it stopped.</summary>
/// <param name="Weights">The primal point w.</param>
/// <param name="DualVariables">The dual point α (empty for methods without one).</param>
/// <param name="Final">The last iteration's record.</param>
/// <param name="Reason">Why the solver stopped.</param>
public sealed record SolverResult(double[] Weights, double[] DualVariables, IterationRecord Final, StopReason Reason);
