using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hemingway.Core;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>hemingway run --checkpoint-every k</c> and <c>--resume RUN_ID</c> end to end: a run killed with SIGKILL continues
/// from its latest checkpoint as a new run whose rows are those of the run that was never interrupted, clocks included;
/// a resumed run may change the machines and the stopping options but nothing that changes what it computes, and says
/// clearly when there is nothing to resume.
/// </summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("traces.db");

    private Dictionary<string, string?> Cache => CliAssert.PrivateCache(_folder.File("cache"));

    [Fact]
    public async Task A_killed_run_resumed_from_its_checkpoint_continues_the_uninterrupted_run_bit_for_bit()
    {
        string[] common =
        [
            "run", "--data", CliAssert.HeartScalePath(), "--algorithm", "cocoa+", "--lambda", "1e-3", "--machines", "3", "--engine", "sim",
            "--cluster", "spark,straggler-probability=0.3", "--no-optimum", "--checkpoint-every", "7", "--store", Store,
        ];
        var (runId, killedAt) = await RunAndKill([.. common, "--iterations", "100000000"], minimum: 30);

        StoredCheckpoint checkpoint;
        using (var store = TraceStore.Open(Store))
        using (var checkpoints = CheckpointStore.Open(store))
        {
            Assert.False(Assert.Single(store.ListRuns()).IsComplete);
            checkpoint = checkpoints.Latest(runId)!;
            Assert.Equal(0, checkpoint.Checkpoint.Iteration % 7);
            Assert.InRange(checkpoint.Checkpoint.Iteration, 28, killedAt);
        }

        var total = (killedAt + 20).ToString(CultureInfo.InvariantCulture);
        var resumed = await Run(["run", "--resume", runId, "--iterations", total, "--no-optimum", "--store", Store, "--json"]);
        var whole = await Run([.. common, "--iterations", total, "--json"]);
        using var resumedJson = JsonDocument.Parse(resumed.Stdout);
        using var wholeJson = JsonDocument.Parse(whole.Stdout);
        var report = resumedJson.RootElement;
        Assert.Equal(3, report.GetProperty("machines").GetInt32());
        Assert.Equal("sim", report.GetProperty("engine").GetString());
        Assert.Equal(wholeJson.RootElement.GetProperty("cluster").GetString(), report.GetProperty("cluster").GetString());
        Assert.True(resumed.Stderr.Length == 0, $"piped stderr stays clean\n{resumed}");

        using var reopened = TraceStore.Open(Store);
        var expected = reopened.ReadRows(wholeJson.RootElement.GetProperty("run_id").GetString()!);
        var actual = reopened.ReadRows(report.GetProperty("run_id").GetString()!);
        Assert.Equal(Enumerable.Range(checkpoint.Checkpoint.Iteration, expected.Count - checkpoint.Checkpoint.Iteration), actual.Select(r => r.Iteration));
        foreach (var row in actual)
        {
            var want = expected[row.Iteration];
            Assert.True(
                Bits(want.Primal) == Bits(row.Primal) && want.Dual == row.Dual && want.Bytes == row.Bytes && want.SimulatedSeconds == row.SimulatedSeconds,
                $"iteration {row.Iteration}: uninterrupted P {want.Primal:R} D {want.Dual:R} {want.Bytes} B {want.SimulatedSeconds:R} s, " +
                $"resumed P {row.Primal:R} D {row.Dual:R} {row.Bytes} B {row.SimulatedSeconds:R} s");
        }

        using var reopenedCheckpoints = CheckpointStore.Open(reopened);
        var origin = reopenedCheckpoints.FindOrigin(report.GetProperty("run_id").GetString()!);
        Assert.Equal(runId, origin?.ResumedFrom);
        Assert.Equal(checkpoint.Checkpoint.Iteration, origin?.Iteration);
    }

    [Fact]
    public async Task A_resumed_run_may_change_its_machines_and_says_where_it_came_from()
    {
        var heartScale = CliAssert.HeartScalePath();
        var first = await Run(["run", "--data", heartScale, "--algorithm", "lbfgs", "--loss", "logistic", "--lambda", "1e-2", "--machines", "4",
            "--iterations", "3", "--checkpoint-every", "2", "--store", Store, "--json"]);
        using var firstJson = JsonDocument.Parse(first.Stdout);
        var runId = firstJson.RootElement.GetProperty("run_id").GetString()!;

        // Repeating a stored value is fine; the stored run's target applies unless another is given.
        var table = await Run(["run", "--resume", runId, "--machines", "2", "--loss", "logistic", "--algorithm", "lbfgs", "--iterations", "200",
            "--target-subopt", "1e-9", "--store", Store]);
        Assert.Contains(table.StdoutLines, l => l.Contains("resumed from", StringComparison.Ordinal) && l.Contains($"run {runId} at iteration 3 (on 4 machine(s))", StringComparison.Ordinal));
        Assert.Contains(table.StdoutLines, l => l.Contains("on 2 machine(s)", StringComparison.Ordinal));
        Assert.Contains(table.StdoutLines, l => l.Contains("target_suboptimality", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resuming_says_clearly_what_is_wrong()
    {
        var heartScale = CliAssert.HeartScalePath();
        var data = _folder.File("heart_scale");
        File.Copy(heartScale, data);
        string[] run = ["run", "--data", data, "--algorithm", "cocoa", "--machines", "2", "--iterations", "4", "--no-optimum", "--store", Store, "--json"];
        using var saved = JsonDocument.Parse((await Run([.. run, "--checkpoint-every", "2"])).Stdout);
        var runId = saved.RootElement.GetProperty("run_id").GetString()!;
        using var unsaved = JsonDocument.Parse((await Run([.. run, "--checkpoint-every", "0"])).Stdout);
        using var sdca = JsonDocument.Parse((await Run(["run", "--data", data, "--iterations", "2", "--no-optimum", "--store", Store, "--json"])).Stdout);

        CliAssert.BadInput(await Try(["run", "--resume", "nosuchrun", "--store", Store]), "--resume nosuchrun:", "has no run 'nosuchrun'", "traces list");
        CliAssert.BadInput(await Try(["run", "--resume", "x", "--store", _folder.File("none.db")]), "there is no trace store at");
        CliAssert.BadInput(
            await Try(["run", "--resume", unsaved.RootElement.GetProperty("run_id").GetString()!, "--store", Store]),
            "the run has no checkpoint", "--checkpoint-every 0");
        CliAssert.BadInput(await Try(["run", "--resume", sdca.RootElement.GetProperty("run_id").GetString()!, "--store", Store]), "the run is sdca");
        CliAssert.BadInput(
            await Try(["run", "--resume", runId, "--lambda", "0.5", "--store", Store]),
            $"--resume {runId}: --lambda 0.5 conflicts with the run, which has 0.0001", "only --machines");
        CliAssert.BadInput(await Try(["run", "--resume", runId, "--algorithm", "cocoa+", "--store", Store]), "--algorithm cocoa+ conflicts", "which has cocoa");
        CliAssert.BadInput(await Try(["run", "--resume", runId, "--engine", "sim", "--store", Store]), "--engine sim conflicts", "which has inproc");
        CliAssert.BadInput(await Try(["run", "--resume", runId, "--seed", "3", "--store", Store]), "--seed 3 conflicts");
        CliAssert.BadInput(await Try(["run", "--resume", runId, "--machines", "1000", "--store", Store]), "machines must be between 1 and the number of rows (270), got 1000");
        CliAssert.BadInput(await Try(["run", "--data", data, "--checkpoint-every", "-1", "--store", Store]), "--checkpoint-every must be ≥ 0, got -1");

        // The file changes under the run: its first value is nudged.
        var lines = File.ReadAllLines(data);
        var fields = lines[0].Split(' ');
        var at = Array.FindIndex(fields, f => f.Contains(':', StringComparison.Ordinal));
        var (index, value) = (fields[at].Split(':')[0], double.Parse(fields[at].Split(':')[1], CultureInfo.InvariantCulture));
        fields[at] = $"{index}:{(value + 0.125).ToString(CultureInfo.InvariantCulture)}";
        lines[0] = string.Join(' ', fields);
        File.WriteAllLines(data, lines);
        CliAssert.BadInput(
            await Try(["run", "--resume", runId, "--store", Store]),
            $"--resume {runId}: the data changed since the checkpoint: {data} now reads as 270 rows × 13 features with fingerprint");
    }

    public void Dispose() => _folder.Dispose();

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private Task<CliResult> Try(string[] args) => CliProcess.RunAsync(args, Cache);

    private async Task<CliResult> Run(string[] args)
    {
        var result = await Try(args);
        CliAssert.Success(result);
        return result;
    }

    /// <summary>Starts a run, SIGKILLs it once it has <paramref name="minimum"/> iterations and a checkpoint; returns its id and last stored iteration.</summary>
    private async Task<(string RunId, int LastIteration)> RunAndKill(string[] args, int minimum)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliProcess.HemingwayDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Cache)
        {
            start.Environment[name] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start hemingway");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                Assert.False(process.HasExited, $"the run ended (exit code {(process.HasExited ? process.ExitCode : 0)}) before it could be killed");
                Assert.True(clock.Elapsed < CliProcess.DefaultTimeout, $"no {minimum} iterations and a checkpoint in {Store} after {clock.Elapsed.TotalSeconds:0} s");
                await Task.Delay(50, TestContext.Current.CancellationToken);
                if (!File.Exists(Store))
                {
                    continue;
                }

                try
                {
                    using var store = TraceStore.Open(Store);
                    using var checkpoints = CheckpointStore.Open(store);
                    if (store.ListRuns() is [var run] && run.Iterations >= minimum && checkpoints.Latest(run.Info.RunId) is not null)
                    {
                        break;
                    }
                }
                catch (HemingwayException)
                {
                    // The child may be creating the tables at this very moment.
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(); // SIGKILL on Linux: no handler runs
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            await stdout;
            await stderr;
        }

        Assert.Equal(128 + 9, process.ExitCode);
        using var killed = TraceStore.Open(Store);
        var summary = Assert.Single(killed.ListRuns());
        return (summary.Info.RunId, summary.Iterations);
    }
}
