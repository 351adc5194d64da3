using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Mpi.Tests;

/// <summary>
/// <c>hemingway run --engine mpi</c> end to end with real <c>mpirun</c> (1, 2 and 4 ranks, oversubscribed on a small
/// machine) on LIBLINEAR's heart_scale: the same iterates as <c>--engine inproc</c> with the same seed (up to the order
/// of floating-point sums), every iteration in the store under engine "mpi", the same report, and a clean end when
/// interrupted or overdue.
/// </summary>
public sealed class MpiRunTests : IDisposable
{
    private const double Tolerance = 1e-9;

    private readonly TempFolder _folder = new();

    private string Store => _folder.File("traces.db");

    private string Cache => _folder.File("cache");

    public static TheoryData<string, string, int, double> Runs => new()
    {
        { "cocoa+", "hinge", 1, 1.0 },
        { "cocoa+", "hinge", 2, 1.0 },
        { "cocoa+", "hinge", 4, 0.7 },
        { "lbfgs", "logistic", 1, 1.0 },
        { "lbfgs", "logistic", 2, 1.0 },
        { "lbfgs", "logistic", 4, 1.0 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Mpi_ranks_compute_the_iterates_of_the_in_process_engine(string algorithm, string loss, int machines, double fraction)
    {
        string[] args =
        [
            "run", "--data", HemingwayProcess.HeartScale(), "--algorithm", algorithm, "--loss", loss, "--lambda", "1e-3",
            "--machines", machines.ToString(CultureInfo.InvariantCulture), "--fraction", fraction.ToString(CultureInfo.InvariantCulture),
            "--iterations", "12", "--seed", "7", "--store", Store, "--json",
        ];
        var inproc = await Succeed([.. args, "--engine", "inproc"]);
        var mpi = await Succeed([.. args, "--engine", "mpi"]);

        using var a = JsonDocument.Parse(inproc.Stdout);
        using var b = JsonDocument.Parse(mpi.Stdout);
        var expected = a.RootElement;
        var actual = b.RootElement;
        Assert.Equal(Fields(expected), Fields(actual));
        Assert.Equal("mpi", actual.GetProperty("engine").GetString());
        foreach (var field in new[] { "dataset", "rows", "features", "fraction", "loss", "lambda", "algorithm", "parameters", "machines", "seed", "iterations", "bytes", "stop_reason", "optimum" })
        {
            Assert.True(expected.GetProperty(field).GetRawText() == actual.GetProperty(field).GetRawText(), $"{field} differs\n{inproc}\n{mpi}");
        }

        using var store = TraceStore.Open(Store);
        var mpiRun = actual.GetProperty("run_id").GetString()!;
        var info = store.FindRun(mpiRun);
        Assert.NotNull(info);
        Assert.Equal("mpi", info.Engine);
        Assert.Equal(machines, info.Machines);
        var summary = Assert.Single(store.ListRuns(), r => r.Info.RunId == mpiRun);
        Assert.Equal("iteration_limit", summary.StopReason);

        var want = store.ReadRows(expected.GetProperty("run_id").GetString()!);
        var got = store.ReadRows(mpiRun);
        Assert.Equal(Enumerable.Range(0, 13), got.Select(r => r.Iteration));
        Assert.Equal(want.Count, got.Count);
        for (var i = 0; i < want.Count; i++)
        {
            AssertClose($"iteration {i}: primal", want[i].Primal, got[i].Primal);
            AssertClose($"iteration {i}: dual", want[i].Dual, got[i].Dual);
            AssertClose($"iteration {i}: sub-optimality", want[i].Suboptimality, got[i].Suboptimality, scale: want[i].Primal);
            Assert.Equal(want[i].Bytes, got[i].Bytes);
            Assert.Null(got[i].SimulatedSeconds);
            Assert.True(i == 0 ? got[i].WallSeconds == 0 : got[i].WallSeconds > got[i - 1].WallSeconds, $"iteration {i}: wall seconds {got[i].WallSeconds}");
        }

        await HemingwayProcess.AssertNoProcessesLeft(Store);
    }

    [Fact]
    public async Task Over_loopback_tcp_the_run_reaches_its_target()
    {
        var result = await Succeed(
            ["run", "--data", HemingwayProcess.HeartScale(), "--algorithm", "lbfgs", "--loss", "logistic", "--machines", "3",
             "--engine", "mpi", "--transport", "tcp", "--target-subopt", "1e-8", "--store", Store, "--json"]);
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        Assert.Equal("target_suboptimality", report.GetProperty("stop_reason").GetString());
        Assert.Equal(3, report.GetProperty("machines").GetInt32());
        Assert.InRange(report.GetProperty("subopt").GetDouble(), -1e-12, 1e-8);
        using var store = TraceStore.Open(Store);
        var rows = store.ReadRows(report.GetProperty("run_id").GetString()!);
        Assert.Equal(report.GetProperty("iterations").GetInt32() + 1, rows.Count);
    }

    [Fact]
    public async Task The_summary_table_is_that_of_the_in_process_engine()
    {
        string[] args =
        [
            "run", "--data", HemingwayProcess.HeartScale(), "--algorithm", "cocoa+", "--machines", "2", "--iterations", "5",
            "--store", Store,
        ];
        var inproc = await Succeed([.. args, "--engine", "inproc"]);
        var mpi = await Succeed([.. args, "--engine", "mpi"]);

        // With two ranks the sums are the in-process engine's (a + b = b + a), so even the printed digits agree.
        static string[] Comparable(Outcome o) => o.Stdout.Split('\n')
            .Where(l => !l.Contains("│ time", StringComparison.Ordinal) && !l.Contains("│ trace", StringComparison.Ordinal) && !l.Contains("│ engine", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(Comparable(inproc), Comparable(mpi));
        Assert.Contains(mpi.Stdout.Split('\n'), l => l.Contains("│ engine", StringComparison.Ordinal) && l.Contains("mpi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interrupted_run_stops_after_its_iteration_as_in_process_runs_do()
    {
        using var process = HemingwayProcess.Start(
            ["run", "--data", HemingwayProcess.HeartScale(), "--algorithm", "cocoa+", "--machines", "2", "--engine", "mpi",
             "--iterations", "100000000", "--no-optimum", "--store", Store, "--json"],
            Cache);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Outcome outcome;
        var clock = Stopwatch.StartNew();
        try
        {
            await WaitForIterations(process, 3);
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            clock.Restart();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            outcome = new Outcome(["(interrupted run)"], process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                // A failed test must not leave its run (and mpirun, and the ranks) behind.
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(outcome.ExitCode == 130, $"expected exit code 130 (interrupted)\n{outcome}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s to stop\n{outcome}");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("cancelled", json.RootElement.GetProperty("stop_reason").GetString());

        using var store = TraceStore.Open(Store);
        var run = Assert.Single(store.ListRuns());
        Assert.Equal("cancelled", run.StopReason);
        Assert.Equal(json.RootElement.GetProperty("iterations").GetInt32() + 1, store.ReadRows(run.Info.RunId).Count);
        await HemingwayProcess.AssertNoProcessesLeft(Store);
    }

    [Fact]
    public async Task The_watchdog_kills_an_overdue_run_and_keeps_its_iterations()
    {
        var result = await HemingwayProcess.RunAsync(
            ["run", "--data", HemingwayProcess.HeartScale(), "--algorithm", "cocoa+", "--machines", "2", "--engine", "mpi",
             "--iterations", "100000000", "--no-optimum", "--store", Store, "--mpi-timeout", "4"],
            Cache);

        Assert.True(result.ExitCode == 2, $"expected exit code 2\n{result}");
        Assert.True(result.Stdout.Length == 0, $"expected nothing on stdout\n{result}");
        var error = Assert.Single(result.StderrLines);
        Assert.Contains("did not finish within 4 s (--mpi-timeout)", error, StringComparison.Ordinal);
        using var store = TraceStore.Open(Store);
        var run = Assert.Single(store.ListRuns());
        Assert.Null(run.StopReason);
        var rows = store.ReadRows(run.Info.RunId);
        Assert.True(rows.Count > 1, $"only {rows.Count} rows stored\n{result}");
        Assert.Contains($"run {run.Info.RunId}", error, StringComparison.Ordinal);
        await HemingwayProcess.AssertNoProcessesLeft(Store);
    }

    [Theory]
    [InlineData("--mpirun /nonexistent/mpirun", "--mpirun /nonexistent/mpirun: no such file")]
    [InlineData("--hostfile /nonexistent/hosts", "--hostfile /nonexistent/hosts: no such file")]
    [InlineData("--mpi-timeout 0", "--mpi-timeout must be > 0")]
    [InlineData("--transport carrier-pigeon", "carrier-pigeon")]
    [InlineData("--algorithm sdca", "sdca runs on one machine")]
    public async Task Bad_mpi_options_are_one_line_errors(string options, string fragment)
    {
        var result = await HemingwayProcess.RunAsync(
            ["run", "--data", HemingwayProcess.HeartScale(), "--machines", "2", "--engine", "mpi", "--store", Store, .. options.Split(' ')],
            Cache);
        Assert.True(result.ExitCode == 2, $"expected exit code 2\n{result}");
        Assert.True(result.Stdout.Length == 0, $"expected nothing on stdout\n{result}");
        Assert.Contains(fragment, result.StderrLines[0], StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static string[] Fields(JsonElement report) => [.. report.EnumerateObject().Select(p => p.Name)];

    private static void AssertClose(string what, double? expected, double? actual, double? scale = null)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected}, got {actual}");
        if (expected is { } e && actual is { } a)
        {
            var tolerance = Tolerance * Math.Abs(scale ?? e);
            Assert.True(Math.Abs(a - e) <= tolerance, $"{what}: inproc {e:R}, mpi {a:R} (difference {Math.Abs(a - e):G3} > {tolerance:G3})");
        }
    }

    private async Task<Outcome> Succeed(string[] args)
    {
        var result = await HemingwayProcess.RunAsync(args, Cache);
        Assert.True(result.ExitCode == 0, $"expected exit code 0\n{result}");
        return result;
    }

    /// <summary>Waits until the store holds at least <paramref name="count"/> iterations past iteration 0.</summary>
    private async Task WaitForIterations(Process process, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"the run ended (exit code {process.ExitCode}) before it could be interrupted");
            }

            Assert.True(clock.Elapsed < HemingwayProcess.DefaultTimeout, $"fewer than {count} iterations in {Store} after {clock.Elapsed.TotalSeconds:0} s");
            if (File.Exists(Store))
            {
                using var store = TraceStore.Open(Store);
                if (store.ListRuns() is [var run] && run.Iterations >= count)
                {
                    return;
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
