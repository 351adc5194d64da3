using Hemingway.Core;
using Hemingway.Engines.Simulation;
using Xunit;

namespace Hemingway.Engines.Tests.Simulation;

public class ClusterSpecTests
{
    [Fact]
    public void Parses_a_preset_with_overrides()
    {
        var spec = ClusterSpec.Parse("spark,task-overhead=0.005,bandwidth=1.25e8,topology=tree,straggler-probability=0.01,straggler-slowdown=3");

        var spark = ClusterPresets.Get("spark");
        Assert.Equal(
            spark with
            {
                TaskOverheadSeconds = 0.005,
                BandwidthBytesPerSecond = 1.25e8,
                Topology = AllreduceTopology.Tree,
                StragglerProbability = 0.01,
                StragglerSlowdown = 3,
            },
            spec);
    }

    [Fact]
    public void Every_option_can_be_overridden()
    {
        var spec = ClusterSpec.Parse(
            " ideal , stage-overhead=1, task-overhead=2, task-parallelism=3, latency=4, bandwidth=5, topology=RING," +
            " compute-scale=6, straggler-probability=0.5, straggler-slowdown=7");
        Assert.Equal(
            new ClusterSpec
            {
                StageOverheadSeconds = 1,
                TaskOverheadSeconds = 2,
                TaskLaunchParallelism = 3,
                LatencySeconds = 4,
                BandwidthBytesPerSecond = 5,
                Topology = AllreduceTopology.Ring,
                ComputeScale = 6,
                StragglerProbability = 0.5,
                StragglerSlowdown = 7,
            },
            spec);
        Assert.Equal(9, ClusterSpec.OptionNames.Count);
    }

    [Fact]
    public void WithOverrides_takes_a_dictionary()
    {
        var spec = ClusterPresets.Get("mpi-10g").WithOverrides(new Dictionary<string, string>
        {
            ["latency"] = "5e-5",
            ["bandwidth"] = "inf",
        });
        Assert.Equal(5e-5, spec.LatencySeconds);
        Assert.True(double.IsPositiveInfinity(spec.BandwidthBytesPerSecond));
        Assert.Equal("mpi-10g", spec.Preset);
    }

    [Theory]
    [InlineData("spark")]
    [InlineData("mpi-10g")]
    [InlineData("ideal")]
    [InlineData("SPARK")]
    public void A_bare_preset_prints_as_its_name(string name)
    {
        Assert.Equal(name.ToLowerInvariant(), ClusterSpec.Parse(name).ToString());
        Assert.Equal(ClusterPresets.Get(name), ClusterSpec.Parse(name));
    }

    [Theory]
    [InlineData("spark")]
    [InlineData("mpi-10g")]
    [InlineData("ideal")]
    [InlineData("spark,task-overhead=0.005")]
    [InlineData("spark,bandwidth=inf,topology=tree")]
    [InlineData("mpi-10g,topology=ring,compute-scale=1.5,latency=1e-5")]
    [InlineData("ideal,straggler-probability=0.05,straggler-slowdown=4,task-parallelism=8")]
    public void ToString_round_trips_through_Parse(string text)
    {
        var spec = ClusterSpec.Parse(text);
        var canonical = spec.ToString();
        Assert.Equal(spec, ClusterSpec.Parse(canonical));
        Assert.Equal(canonical, ClusterSpec.Parse(canonical).ToString());
    }

    [Fact]
    public void ToString_lists_only_the_options_that_differ_from_the_preset_in_canonical_order()
    {
        Assert.Equal(
            "spark,task-overhead=0.005,topology=tree",
            ClusterSpec.Parse("spark,topology=tree,task-overhead=0.005").ToString());

        // Setting an option to the preset's own value is no override.
        Assert.Equal("spark", ClusterSpec.Parse("spark,task-overhead=0.002,topology=driver").ToString());

        // A spec built in code prints the same way.
        Assert.Equal("mpi-10g,latency=1E-05", (ClusterPresets.Get("mpi-10g") with { LatencySeconds = 1e-5 }).ToString());
    }

    [Theory]
    [InlineData("spark,colour=blue", "colour")]
    [InlineData("spark,task_overhead=1", "task_overhead")]
    [InlineData("spark,latency=fast", "latency")]
    [InlineData("spark,latency=-1", "latency")]
    [InlineData("spark,latency=NaN", "latency")]
    [InlineData("spark,stage-overhead=inf", "stage-overhead")]
    [InlineData("spark,bandwidth=0", "bandwidth")]
    [InlineData("spark,task-parallelism=0", "task-parallelism")]
    [InlineData("spark,task-parallelism=1.5", "task-parallelism")]
    [InlineData("spark,topology=mesh", "topology")]
    [InlineData("spark,compute-scale=0", "compute-scale")]
    [InlineData("spark,straggler-probability=1.5", "straggler-probability")]
    [InlineData("spark,straggler-slowdown=0.5", "straggler-slowdown")]
    [InlineData("spark,latency", "latency")]
    [InlineData("spark,latency=1,latency=2", "latency")]
    [InlineData("hadoop", "hadoop")]
    [InlineData("latency=1", "latency=1")]
    [InlineData("", "preset")]
    public void Bad_specs_are_one_line_errors_naming_the_culprit(string text, string culprit)
    {
        var error = Assert.Throws<HemingwayException>(() => ClusterSpec.Parse(text));
        Assert.Contains(culprit, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_bad_value_error_names_both_key_and_value()
    {
        var error = Assert.Throws<HemingwayException>(() => ClusterSpec.Parse("mpi-10g,bandwidth=lots"));
        Assert.Equal("Bad value 'lots' for cluster option 'bandwidth': expected bytes per second > 0, or inf.", error.Message);

        var unknown = Assert.Throws<HemingwayException>(
            () => new ClusterSpec().WithOverrides(new Dictionary<string, string> { ["speed"] = "9" }));
        Assert.Contains("'speed'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'9'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_spec_is_the_ideal_preset_pure_compute()
    {
        Assert.Equal(ClusterPresets.Get("ideal"), new ClusterSpec());
        var clock = new ClusterClock(new ClusterSpec(), 0);
        Assert.Equal(0.7, clock.PhaseSeconds(1024, Enumerable.Repeat(0.7, 1024).ToArray(), 1 << 30, 1 << 30, 1));
    }

    [Fact]
    public void Mpi_overhead_is_far_below_sparks()
    {
        var spark = new ClusterClock(ClusterPresets.Get("spark"), 0);
        var mpi = new ClusterClock(ClusterPresets.Get("mpi-10g"), 0);
        foreach (var m in new[] { 1, 2, 8, 32, 128, 1024 })
        {
            const long Bytes = 784 * sizeof(double);
            var sparkFixed = spark.OverheadSeconds(m) + spark.CommunicationSeconds(m, Bytes, Bytes);
            var mpiFixed = mpi.OverheadSeconds(m) + mpi.CommunicationSeconds(m, Bytes, Bytes);
            Assert.True(mpiFixed * 100 < sparkFixed, $"m = {m}: mpi {mpiFixed} s vs spark {sparkFixed} s");
        }
    }

    [Fact]
    public void Presets_are_valid_and_listed()
    {
        Assert.Equal(["spark", "mpi-10g", "ideal"], ClusterPresets.Names);
        foreach (var name in ClusterPresets.Names)
        {
            var spec = ClusterPresets.Get(name);
            spec.Validate();
            Assert.Equal(name, spec.Preset);
        }

        var spark = ClusterPresets.Get("spark");
        Assert.Equal(AllreduceTopology.Driver, spark.Topology);
        Assert.InRange(spark.TaskOverheadSeconds, 0.001, 0.01);
        Assert.Equal(1, spark.TaskLaunchParallelism);

        var mpi = ClusterPresets.Get("mpi-10g");
        Assert.Equal(1.25e9, mpi.BandwidthBytesPerSecond);
        Assert.InRange(mpi.LatencySeconds, 10e-6, 99e-6);
        Assert.Equal(0, mpi.StageOverheadSeconds + mpi.TaskOverheadSeconds);
    }
}
