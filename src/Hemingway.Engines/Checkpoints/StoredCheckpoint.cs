namespace Hemingway.Engines.Checkpoints;

/// <summary>A run's latest checkpoint as the store holds it.</summary>
/// <param name="RunId">The run that saved it.</param>
/// <param name="Saved">When it was saved.</param>
/// <param name="Setup">How the run was set up.</param>
/// <param name="Checkpoint">The checkpoint.</param>
public sealed record StoredCheckpoint(string RunId, DateTimeOffset Saved, RunSetup Setup, RunCheckpoint Checkpoint);
