using System.Diagnostics;
using Hemingway.Algorithms.Distributed;

namespace Hemingway.Engines;

/// <summary>
/// The embedded default: workers are tasks on min(m, cores) threads of this process, and times are wall-clock.
/// With more workers than cores, each thread runs several workers one after another, as an oversubscribed cluster would.
/// </summary>
public sealed class InProcessEngine : IEngine
{
    private readonly ParallelOptions _parallel;

    /// <summary>An engine using at most <paramref name="threads"/> threads (default: every core).</summary>
    public InProcessEngine(int? threads = null)
    {
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads ?? Environment.ProcessorCount) };
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
        if (workers.Count == 1)
        {
            RunWorker(workers, 0, round, broadcast, messages, stats);
            return;
        }

        Parallel.For(0, workers.Count, _parallel, k => RunWorker(workers, k, round, broadcast, messages, stats));
    }

    /// <inheritdoc/>
    public double PhaseSeconds(PhaseStats stats, long broadcastBytes, long messageBytes) => 0;

    private static void RunWorker(IReadOnlyList<IWorker> workers, int k, int round, double[] broadcast, double[][] messages, PhaseStats stats)
    {
        var start = Stopwatch.GetTimestamp();
        stats.Work[k] = workers[k].Compute(round, broadcast, messages[k]);
        stats.ComputeSeconds[k] = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
