namespace Hemingway.Engines.Traces;

/// <summary>How many runs and iteration rows an import or an export moved.</summary>
/// <param name="Runs">Runs.</param>
/// <param name="Rows">Iteration rows, over all those runs.</param>
public sealed record TraceCounts(int Runs, int Rows);
