using Hemingway.Engines.Checkpoints;

namespace Hemingway.Cli.Runs;

/// <summary>What <c>run --resume</c> continues: the run and its latest checkpoint.</summary>
/// <param name="RunId">The run resumed.</param>
/// <param name="Stored">Its latest checkpoint, with the setup it ran with.</param>
internal sealed record ResumePoint(string RunId, StoredCheckpoint Stored);
