using Hemingway.Algorithms.Distributed;

namespace Hemingway.Engines;

/// <summary>
/// Where the workers of a bulk-synchronous algorithm run, and whose clock times them. Engines know nothing of the
/// algorithms beyond <see cref="IWorker"/>, and nothing of models.
/// </summary>
public interface IEngine
{
    /// <summary>"inproc", "sim" or "mpi".</summary>
    string Name { get; }

    /// <summary>The simulated cluster (preset and overrides) for traces; empty for real engines.</summary>
    string Cluster { get; }

    /// <summary>True when <see cref="PhaseSeconds"/> gives the time (a simulated clock) rather than the wall clock.</summary>
    bool IsSimulated { get; }

    /// <summary>Runs every worker's local step of one phase, filling each worker's message, work and compute time.</summary>
    void Execute(IReadOnlyList<IWorker> workers, int round, double[] broadcast, double[][] messages, PhaseStats stats);

    /// <summary>A simulated engine's time for the phase just executed; 0 for real engines, which are timed by the wall clock.</summary>
    /// <param name="stats">The phase's measurements.</param>
    /// <param name="broadcastBytes">Bytes each worker received.</param>
    /// <param name="messageBytes">Bytes each worker sent.</param>
    /// <param name="phaseIndex">The phase's index in the run, from 0 (a resumed run continues the count).</param>
    double PhaseSeconds(PhaseStats stats, long broadcastBytes, long messageBytes, int phaseIndex);
}
