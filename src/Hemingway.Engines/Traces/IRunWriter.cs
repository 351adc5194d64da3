namespace Hemingway.Engines.Traces;

/// <summary>
/// Records one run as it goes: every <see cref="Append"/> is committed on its own, so a process killed at any point
/// (even with SIGKILL) leaves every completed iteration in the store, and the run reads as incomplete (no stop reason).
/// Disposing without <see cref="Finish"/> leaves the run incomplete too.
/// </summary>
public interface IRunWriter : IDisposable
{
    /// <summary>The id of the run being written.</summary>
    string RunId { get; }

    /// <summary>Writes and commits one iteration row. Each iteration may be written once.</summary>
    /// <exception cref="InvalidOperationException">The run is finished, or this iteration was already written.</exception>
    void Append(TraceRow row);

    /// <summary>Marks the run finished, recording why it stopped and when. After this, no row may be appended.</summary>
    /// <exception cref="InvalidOperationException">The run was already finished.</exception>
    void Finish(string stopReason);
}
