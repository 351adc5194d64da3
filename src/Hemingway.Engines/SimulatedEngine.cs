using System.Diagnostics;
using Hemingway.Algorithms.Distributed;
using Hemingway.Engines.Simulation;

namespace Hemingway.Engines;

/// <summary>How the simulated cluster gets each worker's compute time.</summary>
public enum ComputeTiming
{
    /// <summary>Work units (nonzeros touched) times the cost model calibrated on this machine: identical on every repeat.</summary>
    CostModel,

    /// <summary>The measured time of the real local step, run one worker at a time so workers do not slow each other.</summary>
    Measured,
}

/// <summary>
/// A simulated cluster of any size on this machine: the workers' real local steps run here (so iterates are exactly those
/// of the in-process engine), while an explicit clock says how long each phase would take on m machines:
/// framework overhead(m) + the slowest worker's compute + communication(m, bytes) under a <see cref="ClusterSpec"/>.
/// It never pretends to be wall time.
/// </summary>
public sealed class SimulatedEngine : IEngine
{
    private readonly ClusterClock _clock;
    private readonly ComputeTiming _timing;
    private readonly CostModel? _costModel;
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };
    private int _machines;

    /// <summary>A simulated cluster; <paramref name="costModel"/> is required when timing with the cost model.</summary>
    /// <param name="spec">The cluster: overheads, network, stragglers.</param>
    /// <param name="timing">Where compute times come from.</param>
    /// <param name="costModel">Seconds per work unit, for <see cref="ComputeTiming.CostModel"/>.</param>
    /// <param name="seed">Seeds the stragglers.</param>
    public SimulatedEngine(ClusterSpec spec, ComputeTiming timing, CostModel? costModel, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (timing == ComputeTiming.CostModel && costModel is null)
        {
            throw new ArgumentNullException(nameof(costModel), "timing with the cost model needs a cost model");
        }

        _clock = new ClusterClock(spec, seed);
        _timing = timing;
        _costModel = costModel;
    }

    /// <inheritdoc/>
    public string Name => "sim";

    /// <inheritdoc/>
    public string Cluster => _clock.Spec.ToString();

    /// <inheritdoc/>
    public bool IsSimulated => true;

    /// <summary>The clock, for reports that break a phase into overhead, compute and communication.</summary>
    public ClusterClock Clock => _clock;

    /// <inheritdoc/>
    public void Execute(IReadOnlyList<IWorker> workers, int round, double[] broadcast, double[][] messages, PhaseStats stats)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(stats);
        _machines = workers.Count;
        if (_timing == ComputeTiming.Measured)
        {
            for (var k = 0; k < workers.Count; k++)
            {
                var start = Stopwatch.GetTimestamp();
                stats.Work[k] = workers[k].Compute(round, broadcast, messages[k]);
                stats.ComputeSeconds[k] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }

            return;
        }

        // With modelled times nothing is measured, so the workers may share the cores.
        Parallel.For(0, workers.Count, _parallel, k =>
        {
            stats.Work[k] = workers[k].Compute(round, broadcast, messages[k]);
            stats.ComputeSeconds[k] = _costModel!.Seconds(stats.Work[k]);
        });
    }

    /// <inheritdoc/>
    public double PhaseSeconds(PhaseStats stats, long broadcastBytes, long messageBytes, int phaseIndex)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return _clock.PhaseSeconds(_machines, stats.ComputeSeconds, broadcastBytes, messageBytes, phaseIndex);
    }
}
