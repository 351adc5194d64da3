using Hemingway.Core;
using Hemingway.Engines.Simulation;
using Xunit;

namespace Hemingway.Engines.Tests.Simulation;

public class ClusterClockTests
{
    // L = 1 ms, β = 1 MB/s, B = 1000 bytes (1 ms on the wire), M = 2000 bytes (2 ms on the wire).
    private const long Broadcast = 1000;
    private const long Message = 2000;

    private static ClusterClock Network(AllreduceTopology topology) =>
        new(new ClusterSpec { LatencySeconds = 1e-3, BandwidthBytesPerSecond = 1e6, Topology = topology }, seed: 0);

    [Theory]
    // ⌈log2 m⌉ · ((L + M/β) + (L + B/β)) = ⌈log2 m⌉ · 5 ms.
    [InlineData(1, 0.0)]
    [InlineData(2, 0.005)]
    [InlineData(3, 0.010)]
    [InlineData(128, 0.035)]
    [InlineData(1024, 0.050)]
    public void Tree_is_log2_levels_up_and_down(int machines, double expected)
    {
        Assert.Equal(expected, Network(AllreduceTopology.Tree).CommunicationSeconds(machines, Broadcast, Message), 1e-12);
    }

    [Theory]
    // (m − 1) · ((L + M/(mβ)) + (L + B/(mβ))) = (m − 1) · (2 ms + 3 ms / m).
    [InlineData(1, 0.0)]
    [InlineData(2, 0.0035)]
    [InlineData(3, 0.006)]
    [InlineData(128, 0.2569765625)]
    [InlineData(1024, 2.0489970703125)]
    public void Ring_is_reduce_scatter_then_allgather(int machines, double expected)
    {
        Assert.Equal(expected, Network(AllreduceTopology.Ring).CommunicationSeconds(machines, Broadcast, Message), 1e-12);
    }

    [Theory]
    // (L + m·M/β) + (L + m·B/β) = 2 ms + m · 3 ms.
    [InlineData(1, 0.0)]
    [InlineData(2, 0.008)]
    [InlineData(3, 0.011)]
    [InlineData(128, 0.386)]
    [InlineData(1024, 3.074)]
    public void Driver_serialises_every_transfer_through_one_link(int machines, double expected)
    {
        Assert.Equal(expected, Network(AllreduceTopology.Driver).CommunicationSeconds(machines, Broadcast, Message), 1e-12);
    }

    [Fact]
    public void Ring_with_equal_sizes_is_the_classic_ring_allreduce()
    {
        var clock = Network(AllreduceTopology.Ring);
        foreach (var m in new[] { 2, 3, 7, 128, 1024 })
        {
            // 2 (m − 1) (L + M/(m β)) with M = 2000 bytes.
            var classic = 2 * (m - 1) * (1e-3 + (2e-3 / m));
            Assert.Equal(classic, clock.CommunicationSeconds(m, Message, Message), 1e-12);
        }
    }

    [Theory]
    [InlineData(AllreduceTopology.Tree)]
    [InlineData(AllreduceTopology.Ring)]
    [InlineData(AllreduceTopology.Driver)]
    public void Infinite_bandwidth_leaves_only_latency(AllreduceTopology topology)
    {
        var clock = new ClusterClock(new ClusterSpec { LatencySeconds = 1e-3, Topology = topology }, 0);
        var expected = topology switch
        {
            AllreduceTopology.Tree => 2 * 7 * 1e-3,
            AllreduceTopology.Ring => 2 * 127 * 1e-3,
            _ => 2 * 1e-3,
        };
        Assert.Equal(expected, clock.CommunicationSeconds(128, 1 << 20, 1 << 20), 1e-12);
        Assert.Equal(0, clock.CommunicationSeconds(1, 1 << 20, 1 << 20));
    }

    [Theory]
    // 50 ms + 2 ms · ⌈m / p⌉.
    [InlineData(1, 1, 0.052)]
    [InlineData(2, 1, 0.054)]
    [InlineData(3, 1, 0.056)]
    [InlineData(128, 1, 0.306)]
    [InlineData(1024, 1, 2.098)]
    [InlineData(3, 4, 0.052)]
    [InlineData(128, 4, 0.114)]
    [InlineData(1024, 4, 0.562)]
    public void Overhead_is_stage_plus_serially_launched_tasks(int machines, int parallelism, double expected)
    {
        var spec = new ClusterSpec { StageOverheadSeconds = 0.05, TaskOverheadSeconds = 0.002, TaskLaunchParallelism = parallelism };
        Assert.Equal(expected, new ClusterClock(spec, 0).OverheadSeconds(machines), 1e-12);
    }

    [Fact]
    public void Phase_adds_overhead_the_slowest_scaled_worker_and_communication()
    {
        var spec = new ClusterSpec
        {
            StageOverheadSeconds = 0.05,
            TaskOverheadSeconds = 0.002,
            LatencySeconds = 1e-3,
            BandwidthBytesPerSecond = 1e6,
            Topology = AllreduceTopology.Driver,
            ComputeScale = 2,
        };
        var clock = new ClusterClock(spec, 0);

        var phase = clock.Phase(3, [0.1, 0.3, 0.2], Broadcast, Message, phaseIndex: 1);

        Assert.Equal(3, phase.Machines);
        Assert.Equal(0.056, phase.OverheadSeconds, 1e-12);
        Assert.Equal(0.6, phase.ComputeSeconds, 1e-12);
        Assert.Equal(0.011, phase.CommunicationSeconds, 1e-12);
        Assert.Equal(0, phase.Stragglers);
        Assert.Equal(0.667, phase.TotalSeconds, 1e-12);
        Assert.Equal(0.667, clock.PhaseSeconds(3, [0.1, 0.3, 0.2], Broadcast, Message, 1), 1e-12);
    }

    [Fact]
    public void One_machine_pays_overhead_and_compute_but_no_communication()
    {
        var clock = new ClusterClock(ClusterPresets.Get("spark"), 0);
        var phase = clock.Phase(1, [0.25], 6272, 6272, 1);
        Assert.Equal(0, phase.CommunicationSeconds);
        Assert.Equal(0.052, phase.OverheadSeconds, 1e-12);
        Assert.Equal(0.25 * 60, phase.ComputeSeconds, 1e-9);
    }

    [Fact]
    public void Uniform_overload_agrees_with_the_per_worker_form()
    {
        var spec = ClusterPresets.Get("spark") with { StragglerProbability = 0.1, StragglerSlowdown = 3 };
        var clock = new ClusterClock(spec, seed: 11);
        foreach (var m in new[] { 1, 2, 3, 128, 1024 })
        {
            var each = Enumerable.Repeat(0.004, m).ToArray();
            for (var phase = 0; phase < 20; phase++)
            {
                Assert.Equal(clock.Phase(m, each, 6272, 6272, phase), clock.Phase(m, 0.004, 6272, 6272, phase));
            }
        }
    }

    [Fact]
    public void Handles_a_thousand_machines_on_any_core_count()
    {
        var clock = new ClusterClock(ClusterPresets.Get("mpi-10g"), 0);
        var compute = Enumerable.Range(0, 4096).Select(k => k * 1e-6).ToArray();
        var phase = clock.Phase(4096, compute, 8000, 8000, 1);
        Assert.Equal(4095e-6, phase.ComputeSeconds, 1e-12);
        Assert.Equal(12 * 2 * (30e-6 + (8000 / 1.25e9)), phase.CommunicationSeconds, 1e-12);
    }

    [Fact]
    public void No_stragglers_when_the_probability_is_zero()
    {
        var spec = new ClusterSpec { StragglerProbability = 0, StragglerSlowdown = 10 };
        var clock = new ClusterClock(spec, seed: 3);
        var compute = Enumerable.Repeat(1.0, 1024).ToArray();
        for (var phase = 0; phase < 50; phase++)
        {
            var time = clock.Phase(1024, compute, 0, 0, phase);
            Assert.Equal(0, time.Stragglers);
            Assert.Equal(1.0, time.ComputeSeconds);
        }
    }

    [Fact]
    public void Every_worker_straggles_when_the_probability_is_one()
    {
        var clock = new ClusterClock(new ClusterSpec { StragglerProbability = 1, StragglerSlowdown = 4 }, seed: 3);
        var time = clock.Phase(3, [1.0, 2.0, 0.5], 0, 0, 7);
        Assert.Equal(3, time.Stragglers);
        Assert.Equal(8.0, time.ComputeSeconds);
    }

    [Fact]
    public void Stragglers_are_reproducible_from_the_seed_and_independent_of_call_order()
    {
        var spec = new ClusterSpec { StragglerProbability = 0.05, StragglerSlowdown = 5 };
        var compute = Enumerable.Repeat(0.01, 128).ToArray();

        var first = new ClusterClock(spec, seed: 42);
        var forward = Enumerable.Range(0, 200).Select(p => first.Phase(128, compute, 0, 0, p)).ToArray();

        // A second clock with the same seed asked in reverse order gives the same phases.
        var second = new ClusterClock(spec, seed: 42);
        var backward = Enumerable.Range(0, 200).Reverse().Select(p => second.Phase(128, compute, 0, 0, p)).Reverse().ToArray();
        Assert.Equal(forward, backward);

        // A different seed gives a different pattern.
        var other = new ClusterClock(spec, seed: 43);
        var pattern = StragglerPattern(first, 200, 128);
        Assert.NotEqual(pattern, StragglerPattern(other, 200, 128));

        // About 5% of (phase, worker) draws straggle: 25 600 draws, mean 1280, sd ≈ 35.
        var count = pattern.Count(s => s);
        Assert.InRange(count, 1280 - 175, 1280 + 175);

        // A phase's compute is 5× the base exactly when one of its workers straggled.
        foreach (var phase in forward)
        {
            Assert.Equal(phase.Stragglers > 0 ? 0.05 : 0.01, phase.ComputeSeconds, 1e-12);
        }
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var clock = new ClusterClock(new ClusterSpec(), 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Phase(0, [], 0, 0, 1));
        Assert.Throws<ArgumentException>(() => clock.Phase(3, [1.0, 2.0], 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Phase(2, [1.0, double.NaN], 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Phase(2, [1.0, -1.0], 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CommunicationSeconds(2, -1, 0));
    }

    [Fact]
    public void A_spec_out_of_range_is_refused_when_a_clock_is_made()
    {
        var error = Assert.Throws<HemingwayException>(() => new ClusterClock(new ClusterSpec { LatencySeconds = -1 }, 0));
        Assert.Contains("latency", error.Message, StringComparison.Ordinal);
        Assert.Throws<HemingwayException>(() => new ClusterClock(new ClusterSpec { StragglerProbability = 2 }, 0));
        Assert.Throws<HemingwayException>(() => new ClusterClock(new ClusterSpec { TaskLaunchParallelism = 0 }, 0));
    }

    [Fact]
    public void Tree_depth_is_the_ceiling_of_log2()
    {
        Assert.Equal([0, 1, 2, 2, 3, 3, 3, 3, 4], Enumerable.Range(1, 9).Select(ClusterClock.TreeDepth));
        Assert.Equal(7, ClusterClock.TreeDepth(128));
        Assert.Equal(8, ClusterClock.TreeDepth(129));
        Assert.Equal(10, ClusterClock.TreeDepth(1024));
    }

    private static bool[] StragglerPattern(ClusterClock clock, int phases, int workers) =>
        [.. Enumerable.Range(0, phases).SelectMany(p => Enumerable.Range(0, workers).Select(k => clock.IsStraggler(p, k)))];
}
