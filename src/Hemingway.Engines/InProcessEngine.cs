using System.Diagnostics;
using Hemingway.Algorithms.Distributed;

namespace Hemingway.Engines;

/// <summary>
/// The embedded default: workers are tasks on min(m, cores) threads of this process, and times are wall-clock.
/// With more workers than cores, each thread runs several workers one after another, as an oversubscribed cluster would.
/// </summary>
public sealed class InProcessEngine : IEngine
{
    private readonly Action<int> _runWorker;
    private IReadOnlyList<IWorker> _workers = [];
    private int _round;
    private double[] _broadcast = [];
    private double[][] _messages = [];
    private PhaseStats _stats = new(0);

    /// <summary>An engine on this process's cores.</summary>
    public InProcessEngine()
    {
        // Bound once, so dispatching a phase allocates nothing.
        _runWorker = RunWorker;
    }

    /// <inheritdoc/>
    public string Name => "inproc";

    /// <inheritdoc/>
    public string Cluster => "";

    /// <inheritdoc/>
    public bool IsSimulated => false;

    /// <inheritdoc/>
    public void Execute(IReadOnlyList<IWorker> workers, int round, double[] broadcast, double[][] messages, PhaseStats stats)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(stats);
        (_workers, _round, _broadcast, _messages, _stats) = (workers, round, broadcast, messages, stats);
        if (workers.Count == 1)
        {
            RunWorker(0);
            return;
        }

        ThreadTeam.Shared.Run(workers.Count, _runWorker);
    }

    /// <inheritdoc/>
    public double PhaseSeconds(PhaseStats stats, long broadcastBytes, long messageBytes, int phaseIndex) => 0;

    private void RunWorker(int k)
    {
        var start = Stopwatch.GetTimestamp();
        _stats.Work[k] = _workers[k].Compute(_round, _broadcast, _messages[k]);
        _stats.ComputeSeconds[k] = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
