namespace Hemingway.Engines.Traces;

/// <summary>A whole run to store at once (an imported trace): its description, rows, and why it stopped.</summary>
/// <param name="Info">What the run was.</param>
/// <param name="Rows">Its iterations, each iteration at most once.</param>
/// <param name="StopReason">Why it stopped (for an imported trace, <see cref="TraceStore.ImportedStopReason"/>).</param>
/// <param name="Config">The sweep's canonical key, or null.</param>
public sealed record RecordedRun(RunInfo Info, IReadOnlyList<TraceRow> Rows, string StopReason, string? Config = null);
