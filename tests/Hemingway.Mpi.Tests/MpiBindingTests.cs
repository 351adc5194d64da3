using System.Text.Json;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core.Data;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Mpi.Tests;

/// <summary>
/// The bindings on real ranks: <c>mpirun</c> runs <c>hemingway rank --selftest</c>, in which every rank broadcasts and
/// allreduces known vectors through <see cref="MpiCommunicator"/> and checks what it gets bit for bit; and the plan
/// and protocol that carry a run to the ranks and its rows back.
/// </summary>
public sealed class MpiBindingTests
{
    [Theory]
    [InlineData(2, MpiLaunchOptions.SharedMemory)]
    [InlineData(4, MpiLaunchOptions.SharedMemory)]
    [InlineData(2, MpiLaunchOptions.Tcp)]
    public void Broadcast_and_allreduce_of_known_vectors_arrive_on_every_rank(int ranks, string transport)
    {
        HemingwayProcess.RequireMpirun();
        var launcher = new MpiLauncher(new MpiLaunchOptions(transport, TimeoutSeconds: 60));
        var result = launcher.RunCommand(ranks, [.. HemingwayProcess.Command, "rank", "--selftest"]);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var report = json.RootElement;
        Assert.Equal(0, report.GetProperty("failures").GetInt32());
        Assert.Equal(ranks, report.GetProperty("ranks").GetInt32());
        double[] sent = [1.5, -2.25, 3e300, double.Epsilon, -0.0];
        var received = report.GetProperty("broadcast").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(sent.Select(BitConverter.DoubleToInt64Bits), received.Select(BitConverter.DoubleToInt64Bits));
        var sums = report.GetProperty("allreduce").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => i * ranks * (ranks + 1) / 2.0), sums);
        Assert.Equal(ranks * (ranks - 1) / 2.0, report.GetProperty("sum_of_ranks").GetDouble());
        Assert.Equal(ranks - 1, report.GetProperty("max_rank").GetDouble());
        Assert.Equal(3 * ranks * (ranks + 1) / 2, report.GetProperty("gathered_bytes").GetInt32());
    }

    [Fact]
    public void Open_MPI_exports_every_entry_point_and_handle_used()
    {
        var api = MpiNative.Open(MpiNative.LibraryName);
        Assert.All(new[] { api.CommWorld, api.Double, api.Byte, api.Int, api.Sum, api.Max, api.ErrorsReturn }, handle => Assert.NotEqual(0, handle));
    }

    [Fact]
    public void A_missing_library_says_how_to_install_Open_MPI()
    {
        var error = Assert.Throws<Core.HemingwayException>(() => MpiNative.Open("libmpi-not-installed.so.40"));
        Assert.Equal("Open MPI not found (libmpi-not-installed.so.40): install openmpi-bin, e.g. run scripts/setup.sh", error.Message);
    }

    [Fact]
    public void A_plan_survives_the_command_line_bit_for_bit()
    {
        var info = new RunInfo(
            "abc123", "/data/some file,with=odd chars.txt", "logistic", 0.1 + 0.2, "cocoa+", "H=1n_k,gamma=1", "mpi", "", 3, 1 / 3.0, -7,
            1 / 7.0, new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero));
        var plan = new MpiRunPlan(
            info,
            new DatasetLoadOptions { Features = 784, PositiveClass = 5, LabelColumn = "label" },
            new AlgorithmSettings(0.37, 1.1, 0.9, 7),
            new StopCriteria(123, 1e-7, null, TimeSpan.FromSeconds(1.25), 1 / 7.0),
            "/tmp/traces.db",
            "data=x;machines=3",
            270,
            13,
            CheckpointEvery: 7,
            Setup: new RunSetup(
                new DatasetLoadOptions { Features = 784 }, new AlgorithmSettings(0.37), new StopCriteria(123, 1e-7), "", "00112233445566ff"),
            ResumeFrom: "def456");

        var encoded = plan.Encode();
        Assert.DoesNotContain(encoded, c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$');
        var decoded = MpiRunPlan.Decode(encoded);
        Assert.Equal(plan with { Setup = null }, decoded with { Setup = null });
        Assert.Equal(plan.Setup, decoded.Setup);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(decoded.Info.Lambda));
    }

    [Fact]
    public void A_garbled_plan_is_bad_input() =>
        Assert.Throws<Core.HemingwayException>(() => MpiRunPlan.Decode("not a plan!"));

    [Fact]
    public void Protocol_lines_carry_rows_ends_and_errors_exactly()
    {
        var row = new TraceRow(7, 0.1 + 0.2, null, 1e-300, 123_456_789_012, 1 / 3.0, double.NaN, null, -0.0);
        Assert.Equal(row, RankProtocol.Parse(RankProtocol.Row(row)));
        var done = Assert.IsType<RankProtocol.DoneMessage>(RankProtocol.Parse(RankProtocol.Done(row, StopReason.TargetGap)));
        Assert.Equal(row, done.Final);
        Assert.Equal(StopReason.TargetGap, done.Reason);
        var error = Assert.IsType<RankProtocol.ErrorMessage>(RankProtocol.Parse(RankProtocol.Error(3, "no such file: \"x\"", badInput: true)));
        Assert.Equal(new RankProtocol.ErrorMessage(3, "no such file: \"x\"", true), error);
        var beat = new RankProtocol.BeatMessage(2, 4242, "node-7", 58, Computing: true);
        Assert.Equal(beat, RankProtocol.Parse(RankProtocol.Beat(beat)));
        Assert.Equal(new RankProtocol.CheckpointMessage(50), RankProtocol.Parse(RankProtocol.Checkpoint(50)));

        Assert.Null(RankProtocol.Parse("iteration 3"));
        Assert.Null(RankProtocol.Parse(RankProtocol.Prefix + "row {not json"));
        Assert.Null(RankProtocol.Parse(RankProtocol.Prefix + "unknown {}"));
    }
}
