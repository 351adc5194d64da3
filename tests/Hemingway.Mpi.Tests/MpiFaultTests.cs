using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Mpi.Tests;

/// <summary>
/// Faults on real <c>mpirun</c> runs of <c>hemingway run --engine mpi</c>: a rank killed with SIGKILL ends the run
/// within 5 s with exit code 3 and a line naming the rank; a rank stopped with SIGSTOP is caught by the per-iteration
/// watchdog; either way every completed iteration and the latest checkpoint stay in the store, and no process, shared
/// memory segment or session directory of the job is left. <c>--resume</c> then continues the run: on the same ranks bit
/// for bit as the run that was never interrupted, on other ranks to the same optimum with a valid duality gap.
/// </summary>
public sealed class MpiFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int CheckpointEvery = 10;

    private readonly TempFolder _folder = new();

    private string Store => _folder.File("traces.db");

    private string Cache => _folder.File("cache");

    [Fact]
    public async Task A_killed_rank_ends_the_run_within_5_s_and_resuming_on_2_ranks_continues_it_bit_for_bit()
    {
        var segmentsBefore = SharedMemorySegments();
        string[] common =
        [
            "--data", HemingwayProcess.HeartScale(), "--algorithm", "cocoa+", "--lambda", "1e-3", "--engine", "mpi", "--machines", "2",
            "--no-optimum", "--store", Store, "--checkpoint-every", CheckpointEvery.ToString(CultureInfo.InvariantCulture),
        ];
        using var process = HemingwayProcess.Start(["run", .. common, "--iterations", "100000000", "--json"], Cache);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string runId;
        int rank1;
        var clock = new Stopwatch();
        try
        {
            runId = await WaitForCheckpointedRun(process, iterations: 2 * CheckpointEvery + 5);
            var scratch = Path.Combine("/dev/shm", $"hemingway-mpi-{runId}");
            Assert.True(
                Directory.Exists(scratch) && Directory.EnumerateFiles(scratch, "vader_segment*").Any(),
                $"the job's shared memory is not in {scratch}");
            rank1 = RankProcess(1);
            clock.Start();
            Process.GetProcessById(rank1).Kill(); // SIGKILL
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            clock.Stop();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var outcome = new Outcome(["(killed rank)"], process.ExitCode, await stdout, await stderr);
        output.WriteLine($"kill of rank 1 to exit of hemingway: {clock.Elapsed.TotalSeconds:0.000} s");
        Assert.True(outcome.ExitCode == 3, $"expected exit code 3 (a rank failed)\n{outcome}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s to stop\n{outcome}");
        Assert.True(outcome.Stdout.Length == 0, $"expected nothing on stdout\n{outcome}");
        var error = Assert.Single(outcome.StderrLines);
        Assert.StartsWith($"error: rank 1 of 2 (pid {rank1} on ", error, StringComparison.Ordinal);
        Assert.Contains("was killed by signal 9 (Killed)", error, StringComparison.Ordinal);
        Assert.Contains($"hemingway run --resume {runId} --store {Store}", error, StringComparison.Ordinal);

        await HemingwayProcess.AssertNoProcessesLeft(Store);
        AssertNoScratchLeft(runId, segmentsBefore);

        int checkpointAt;
        IReadOnlyList<TraceRow> killedRows;
        using (var store = TraceStore.Open(Store))
        using (var checkpoints = CheckpointStore.Open(store))
        {
            var run = Assert.Single(store.ListRuns());
            Assert.Null(run.StopReason);
            killedRows = store.ReadRows(runId);
            Assert.Equal(Enumerable.Range(0, killedRows.Count), killedRows.Select(r => r.Iteration));
            Assert.Contains($"keeps its iterations 0 to {killedRows[^1].Iteration} ", error, StringComparison.Ordinal);
            checkpointAt = checkpoints.Latest(runId)!.Checkpoint.Iteration;
            Assert.Equal(0, checkpointAt % CheckpointEvery);
            Assert.InRange(checkpointAt, 2 * CheckpointEvery, killedRows[^1].Iteration);
            Assert.Contains($"a checkpoint at iteration {checkpointAt}", error, StringComparison.Ordinal);
        }

        // Continue on 2 ranks past where the run died, and run the same to the same end without interruption.
        var total = (killedRows[^1].Iteration + 30).ToString(CultureInfo.InvariantCulture);
        var resumed = await Succeed(["run", "--resume", runId, "--engine", "mpi", "--machines", "2", "--iterations", total, "--no-optimum", "--store", Store, "--json"]);
        var whole = await Succeed(["run", .. common, "--iterations", total, "--json"]);
        using var resumedJson = JsonDocument.Parse(resumed.Stdout);
        using var wholeJson = JsonDocument.Parse(whole.Stdout);
        var resumedId = resumedJson.RootElement.GetProperty("run_id").GetString()!;
        Assert.Equal(
            BitConverter.DoubleToInt64Bits(wholeJson.RootElement.GetProperty("primal").GetDouble()),
            BitConverter.DoubleToInt64Bits(resumedJson.RootElement.GetProperty("primal").GetDouble()));

        using (var store = TraceStore.Open(Store))
        using (var checkpoints = CheckpointStore.Open(store))
        {
            Assert.Equal(new ResumeOrigin(resumedId, runId, checkpointAt), checkpoints.FindOrigin(resumedId));
            var expected = store.ReadRows(wholeJson.RootElement.GetProperty("run_id").GetString()!);
            var actual = store.ReadRows(resumedId);
            Assert.Equal(Enumerable.Range(checkpointAt, expected.Count - checkpointAt), actual.Select(r => r.Iteration));
            foreach (var row in actual)
            {
                var want = expected[row.Iteration];
                Assert.True(
                    BitConverter.DoubleToInt64Bits(want.Primal) == BitConverter.DoubleToInt64Bits(row.Primal) && want.Dual == row.Dual && want.Bytes == row.Bytes,
                    $"iteration {row.Iteration}: uninterrupted P {want.Primal:R} D {want.Dual:R}, resumed P {row.Primal:R} D {row.Dual:R}");
            }

            Assert.Equal(killedRows[checkpointAt].Primal, actual[0].Primal);
        }

        await HemingwayProcess.AssertNoProcessesLeft(Store);
    }

    [Fact]
    public async Task A_stopped_rank_is_caught_by_the_iteration_watchdog()
    {
        var segmentsBefore = SharedMemorySegments();
        using var process = HemingwayProcess.Start(
            ["run", "--data", HemingwayProcess.HeartScale(), "--algorithm", "cocoa+", "--engine", "mpi", "--machines", "2",
             "--iterations", "100000000", "--no-optimum", "--store", Store, "--iteration-timeout", "2"],
            Cache);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string runId;
        int rank1;
        var clock = new Stopwatch();
        try
        {
            runId = await WaitForCheckpointedRun(process, iterations: CheckpointEvery);
            rank1 = RankProcess(1);
            using (var stop = Process.Start("kill", ["-STOP", rank1.ToString(CultureInfo.InvariantCulture)]))
            {
                await stop.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            clock.Start();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            clock.Stop();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var outcome = new Outcome(["(stopped rank)"], process.ExitCode, await stdout, await stderr);
        output.WriteLine($"SIGSTOP of rank 1 to exit of hemingway: {clock.Elapsed.TotalSeconds:0.000} s (timeout 2 s)");
        Assert.True(outcome.ExitCode == 3, $"expected exit code 3 (a rank failed)\n{outcome}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2 + 5), $"took {clock.Elapsed.TotalSeconds:0.0} s to stop\n{outcome}");
        var error = Assert.Single(outcome.StderrLines);
        Assert.StartsWith($"error: rank 1 of 2 (pid {rank1} on ", error, StringComparison.Ordinal);
        Assert.Contains("is stopped (SIGSTOP or a debugger)", error, StringComparison.Ordinal);
        Assert.Contains("within 2 s (--iteration-timeout)", error, StringComparison.Ordinal);
        Assert.Contains($"--resume {runId}", error, StringComparison.Ordinal);
        await HemingwayProcess.AssertNoProcessesLeft(Store);
        AssertNoScratchLeft(runId, segmentsBefore);
        using var store = TraceStore.Open(Store);
        var rows = store.ReadRows(runId);
        Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r.Iteration));
    }

    [Fact]
    public async Task A_run_resumed_on_other_ranks_keeps_a_valid_gap_and_reaches_the_optimum()
    {
        string[] common = ["--data", HemingwayProcess.HeartScale(), "--algorithm", "cocoa+", "--loss", "logistic", "--lambda", "1e-2", "--engine", "mpi", "--store", Store];
        var first = await Succeed(["run", .. common, "--machines", "2", "--iterations", "15", "--json"]);
        using var firstJson = JsonDocument.Parse(first.Stdout);
        var firstId = firstJson.RootElement.GetProperty("run_id").GetString()!;

        string[] target = ["--iterations", "3000", "--target-subopt", "1e-10", "--json"];
        var resumed = await Succeed(["run", "--resume", firstId, "--machines", "3", "--store", Store, .. target]);
        var whole = await Succeed(["run", .. common, "--machines", "2", .. target]);
        using var resumedJson = JsonDocument.Parse(resumed.Stdout);
        using var wholeJson = JsonDocument.Parse(whole.Stdout);
        var r = resumedJson.RootElement;
        var w = wholeJson.RootElement;
        Assert.Equal(3, r.GetProperty("machines").GetInt32());
        Assert.Equal("target_suboptimality", r.GetProperty("stop_reason").GetString());
        Assert.Equal("target_suboptimality", w.GetProperty("stop_reason").GetString());
        var optimum = w.GetProperty("optimum").GetDouble();
        var difference = Math.Abs(r.GetProperty("primal").GetDouble() - w.GetProperty("primal").GetDouble());
        Assert.True(difference <= 1e-9 * optimum, $"resumed on 3 ranks P = {r.GetProperty("primal").GetDouble():R}, uninterrupted P = {w.GetProperty("primal").GetDouble():R}");

        using var store = TraceStore.Open(Store);
        var rows = store.ReadRows(r.GetProperty("run_id").GetString()!);
        Assert.Equal(15, rows[0].Iteration);
        Assert.Equal(store.ReadRows(firstId)[^1].Primal, rows[0].Primal, 1e-12);
        Assert.All(rows, row => Assert.True(row.Gap >= 0 && row.Dual <= row.Primal, $"iteration {row.Iteration}: P {row.Primal:R}, D {row.Dual:R}"));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The vader segments Open MPI left directly in /dev/shm (where a job without its own folder would put them).</summary>
    private static HashSet<string> SharedMemorySegments() =>
        Directory.Exists("/dev/shm") ? [.. Directory.EnumerateFileSystemEntries("/dev/shm", "vader_segment*")] : [];

    /// <summary>The job's folders (shared memory, session directory) are gone, and it left no segment in /dev/shm either.</summary>
    private static void AssertNoScratchLeft(string runId, HashSet<string> segmentsBefore)
    {
        foreach (var folder in new[] { Path.Combine("/dev/shm", $"hemingway-mpi-{runId}"), Path.Combine(Path.GetTempPath(), $"hemingway-mpi-{runId}") })
        {
            Assert.False(Directory.Exists(folder), $"{folder} is left: {string.Join(", ", Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories) : [])}");
        }

        var added = SharedMemorySegments().Except(segmentsBefore).ToList();
        Assert.True(added.Count == 0, $"shared memory segments left in /dev/shm: {string.Join(", ", added)}");
    }

    /// <summary>The process of rank <paramref name="rank"/> of the MPI run on this test's store.</summary>
    private int RankProcess(int rank)
    {
        foreach (var pid in HemingwayProcess.RunProcesses(Store))
        {
            try
            {
                var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
                if (environment.Contains($"OMPI_COMM_WORLD_RANK={rank}"))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Gone in the meantime.
            }
        }

        throw new InvalidOperationException($"no process of rank {rank} writes into {Store}");
    }

    /// <summary>Waits until the store holds one run with at least <paramref name="iterations"/> iterations and a checkpoint; returns its id.</summary>
    private async Task<string> WaitForCheckpointedRun(Process process, int iterations)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"the run ended (exit code {process.ExitCode}) before the fault");
            }

            Assert.True(clock.Elapsed < HemingwayProcess.DefaultTimeout, $"fewer than {iterations} iterations and a checkpoint in {Store} after {clock.Elapsed.TotalSeconds:0} s");
            if (File.Exists(Store))
            {
                using var store = TraceStore.Open(Store);
                if (store.ListRuns() is [var run] && run.Iterations >= iterations)
                {
                    using var checkpoints = CheckpointStore.Open(store);
                    if (checkpoints.Latest(run.Info.RunId) is not null)
                    {
                        return run.Info.RunId;
                    }
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task<Outcome> Succeed(string[] args)
    {
        var result = await HemingwayProcess.RunAsync(args, Cache);
        Assert.True(result.ExitCode == 0, $"expected exit code 0\n{result}");
        return result;
    }
}
