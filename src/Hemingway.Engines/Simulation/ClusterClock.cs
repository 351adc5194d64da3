using System.Numerics;

namespace Hemingway.Engines.Simulation;

/// <summary>
/// The simulated cluster's clock: how many seconds one bulk-synchronous phase would take on m machines described by a
/// <see cref="ClusterSpec"/>. It is an explicit model and never reads the wall clock:
/// <code>
/// phase = StageOverhead + TaskOverhead · ⌈m / TaskLaunchParallelism⌉
///       + max_k (compute_k · ComputeScale · slowdown_k)
///       + communication(m, broadcast bytes, message bytes)      (formulas on <see cref="AllreduceTopology"/>)
/// </code>
/// slowdown_k is <see cref="ClusterSpec.StragglerSlowdown"/> when worker k straggles in that phase, else 1. Whether it
/// straggles is a pure function of (seed, phase index, k), so a run is reproducible and the same phase gives the same
/// stragglers however often or in whatever order it is asked. Any m ≥ 1 works; nothing depends on this machine's
/// cores. Instances are immutable and thread-safe.
/// </summary>
public sealed class ClusterClock
{
    private readonly ulong _seed;

    /// <summary>A clock for the cluster <paramref name="spec"/>, drawing stragglers from the stream of <paramref name="seed"/>.</summary>
    /// <exception cref="Core.HemingwayException">A value of the spec is out of range.</exception>
    public ClusterClock(ClusterSpec spec, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        Seed = seed;
        _seed = SplitMix((ulong)(uint)seed ^ 0x5EED_C10C_0000_0000UL);
    }

    /// <summary>The cluster being simulated.</summary>
    public ClusterSpec Spec { get; }

    /// <summary>The seed of the straggler stream.</summary>
    public int Seed { get; }

    /// <summary>
    /// The parts of one phase's simulated time. <paramref name="computeSeconds"/> holds each worker's compute seconds
    /// as measured or as a <see cref="CostModel"/> predicts them, before the compute scale.
    /// </summary>
    /// <param name="machines">m ≥ 1.</param>
    /// <param name="computeSeconds">m finite values ≥ 0, one per worker.</param>
    /// <param name="broadcastBytes">B, bytes the driver sends to each worker (≥ 0).</param>
    /// <param name="messageBytes">M, bytes each worker's message holds (≥ 0).</param>
    /// <param name="phaseIndex">Which phase of the run this is; selects the stragglers.</param>
    public PhaseTime Phase(int machines, ReadOnlySpan<double> computeSeconds, long broadcastBytes, long messageBytes, int phaseIndex)
    {
        CheckMachines(machines);
        if (computeSeconds.Length != machines)
        {
            throw new ArgumentException(
                $"Expected {machines} compute times, one per worker, but got {computeSeconds.Length}.", nameof(computeSeconds));
        }

        double slowest = 0;
        var stragglers = 0;
        for (var k = 0; k < machines; k++)
        {
            var seconds = computeSeconds[k];
            if (!double.IsFinite(seconds) || seconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(computeSeconds), seconds, $"Worker {k}'s compute seconds must be finite and ≥ 0.");
            }

            if (IsStraggler(phaseIndex, k))
            {
                stragglers++;
                seconds *= Spec.StragglerSlowdown;
            }

            slowest = Math.Max(slowest, seconds);
        }

        return new PhaseTime(
            machines,
            OverheadSeconds(machines),
            slowest * Spec.ComputeScale,
            CommunicationSeconds(machines, broadcastBytes, messageBytes),
            stragglers);
    }

    /// <summary>The parts of one phase in which every worker computes for the same <paramref name="computeSecondsPerWorker"/>
    /// (a balanced partition under a cost model); otherwise as <see cref="Phase(int, ReadOnlySpan{double}, long, long, int)"/>.</summary>
    public PhaseTime Phase(int machines, double computeSecondsPerWorker, long broadcastBytes, long messageBytes, int phaseIndex)
    {
        CheckMachines(machines);
        if (!double.IsFinite(computeSecondsPerWorker) || computeSecondsPerWorker < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(computeSecondsPerWorker), computeSecondsPerWorker, "Compute seconds must be finite and ≥ 0.");
        }

        var stragglers = 0;
        for (var k = 0; k < machines; k++)
        {
            stragglers += IsStraggler(phaseIndex, k) ? 1 : 0;
        }

        var slowest = computeSecondsPerWorker * (stragglers > 0 ? Spec.StragglerSlowdown : 1);
        return new PhaseTime(
            machines,
            OverheadSeconds(machines),
            slowest * Spec.ComputeScale,
            CommunicationSeconds(machines, broadcastBytes, messageBytes),
            stragglers);
    }

    /// <summary>One phase's total simulated seconds: overhead + slowest scaled compute + communication.</summary>
    public double PhaseSeconds(int machines, ReadOnlySpan<double> computeSeconds, long broadcastBytes, long messageBytes, int phaseIndex) =>
        Phase(machines, computeSeconds, broadcastBytes, messageBytes, phaseIndex).TotalSeconds;

    /// <summary>Framework overhead of a phase on m machines: StageOverhead + TaskOverhead · ⌈m / TaskLaunchParallelism⌉.</summary>
    public double OverheadSeconds(int machines)
    {
        CheckMachines(machines);
        var waves = (machines + Spec.TaskLaunchParallelism - 1L) / Spec.TaskLaunchParallelism;
        return Spec.StageOverheadSeconds + (Spec.TaskOverheadSeconds * waves);
    }

    /// <summary>
    /// Seconds to broadcast <paramref name="broadcastBytes"/> to every worker and sum the workers' messages of
    /// <paramref name="messageBytes"/> each on m machines under the spec's topology (formulas on
    /// <see cref="AllreduceTopology"/>); 0 when m = 1.
    /// </summary>
    public double CommunicationSeconds(int machines, long broadcastBytes, long messageBytes)
    {
        CheckMachines(machines);
        ArgumentOutOfRangeException.ThrowIfNegative(broadcastBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(messageBytes);
        if (machines == 1)
        {
            return 0;
        }

        var latency = Spec.LatencySeconds;
        var m = (double)machines;
        return Spec.Topology switch
        {
            AllreduceTopology.Tree => TreeDepth(machines) * ((latency + Transfer(messageBytes)) + (latency + Transfer(broadcastBytes))),
            AllreduceTopology.Ring => (m - 1) * ((latency + (Transfer(messageBytes) / m)) + (latency + (Transfer(broadcastBytes) / m))),
            AllreduceTopology.Driver => (latency + (m * Transfer(messageBytes))) + (latency + (m * Transfer(broadcastBytes))),
            _ => throw new InvalidOperationException($"Unknown topology {Spec.Topology}."),
        };
    }

    /// <summary>Whether worker <paramref name="worker"/> straggles in phase <paramref name="phaseIndex"/>: a uniform draw
    /// below <see cref="ClusterSpec.StragglerProbability"/> from the stream keyed by (seed, phase, worker).</summary>
    public bool IsStraggler(int phaseIndex, int worker)
    {
        var probability = Spec.StragglerProbability;
        if (probability <= 0)
        {
            return false;
        }

        var key = _seed ^ SplitMix(((ulong)(uint)phaseIndex << 32) | (uint)worker);
        var uniform = (SplitMix(key) >> 11) * (1.0 / (1UL << 53));
        return uniform < probability;
    }

    /// <summary>⌈log2 m⌉, the depth of a binary tree over m ≥ 1 leaves.</summary>
    public static int TreeDepth(int machines) => machines <= 1 ? 0 : BitOperations.Log2((uint)(machines - 1)) + 1;

    private double Transfer(long bytes) => bytes == 0 ? 0 : bytes / Spec.BandwidthBytesPerSecond;

    private static void CheckMachines(int machines) => ArgumentOutOfRangeException.ThrowIfLessThan(machines, 1);

    // SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective mix, so distinct keys give independent-looking draws.
    private static ulong SplitMix(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return x ^ (x >> 31);
    }
}
