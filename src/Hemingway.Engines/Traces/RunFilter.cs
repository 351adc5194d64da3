namespace Hemingway.Engines.Traces;

/// <summary>Which runs to list or export: every criterion that is set must match (null means "any").</summary>
/// <param name="Algorithm">Only runs of this algorithm (exact match).</param>
/// <param name="Dataset">Only runs on this dataset spec or path (exact match).</param>
/// <param name="Engine">Only runs on this engine ("inproc", "sim", "mpi", "imported", …).</param>
/// <param name="Machines">Only runs on this many machines.</param>
/// <param name="RunId">Only the run with this id.</param>
public sealed record RunFilter(
    string? Algorithm = null,
    string? Dataset = null,
    string? Engine = null,
    int? Machines = null,
    string? RunId = null)
{
    /// <summary>The filter that matches every run.</summary>
    public static RunFilter All { get; } = new();
}
