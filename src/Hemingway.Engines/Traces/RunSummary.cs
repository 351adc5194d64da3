namespace Hemingway.Engines.Traces;

/// <summary>One run as <see cref="TraceStore.ListRuns"/> sees it: what it was, how far it got and why it stopped.</summary>
/// <param name="Info">What the run was.</param>
/// <param name="Config">The sweep's canonical key of the run's configuration, null when it was not part of a sweep.</param>
/// <param name="RowCount">How many iteration rows the store holds for it (iteration 0 included).</param>
/// <param name="Last">Its row with the highest iteration, null when it has none.</param>
/// <param name="StopReason">Why it stopped; null while it runs or when its process was killed.</param>
/// <param name="Finished">When it finished, null when <paramref name="StopReason"/> is.</param>
public sealed record RunSummary(
    RunInfo Info,
    string? Config,
    int RowCount,
    TraceRow? Last,
    string? StopReason,
    DateTimeOffset? Finished)
{
    /// <summary>The status word shown for an unfinished run (still running, or killed).</summary>
    public const string Incomplete = "incomplete";

    /// <summary>Whether the run finished and recorded why.</summary>
    public bool IsComplete => StopReason is not null;

    /// <summary>The number of iterations done: the last row's iteration (0 when it has no row past the start).</summary>
    public int Iterations => Last?.Iteration ?? 0;

    /// <summary>The stop reason, or <see cref="Incomplete"/> for an unfinished run.</summary>
    public string Status => StopReason ?? Incomplete;
}
