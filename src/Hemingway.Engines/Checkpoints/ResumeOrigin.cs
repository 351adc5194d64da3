namespace Hemingway.Engines.Checkpoints;

/// <summary>Where a resumed run came from: its first row is iteration <paramref name="Iteration"/> of that run's checkpoint.</summary>
/// <param name="RunId">The resumed run.</param>
/// <param name="ResumedFrom">The run whose checkpoint it continued.</param>
/// <param name="Iteration">The checkpoint's iteration.</param>
public sealed record ResumeOrigin(string RunId, string ResumedFrom, int Iteration);
