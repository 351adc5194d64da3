using Hemingway.Algorithms;
using Hemingway.Engines.Traces;

namespace Hemingway.Engines;

/// <summary>How a distributed run ended.</summary>
/// <param name="Weights">The final model w.</param>
/// <param name="Final">The last iteration's trace row.</param>
/// <param name="Reason">Why it stopped.</param>
public sealed record RunOutcome(double[] Weights, TraceRow Final, StopReason Reason);
