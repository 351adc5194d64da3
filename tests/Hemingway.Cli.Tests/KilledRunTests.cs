using System.Diagnostics;
using System.Text.Json;
using Hemingway.Core;
using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// A distributed run on MNIST killed with SIGKILL mid-way (no handler runs, nothing is flushed on the way out): the
/// trace store it was writing must still open and hold every iteration the run completed, with no gap, marked
/// incomplete, and <c>traces list</c> and <c>traces export</c> must work on it.
/// </summary>
public sealed class KilledRunTests : IDisposable
{
    /// <summary>Completed iterations (past iteration 0) seen in the store before the kill.</summary>
    private const int IterationsBeforeKill = 3;

    private readonly TempFolder _folder = new();

    private string Store => _folder.File("traces.db");

    [Fact]
    public async Task A_cocoa_plus_run_killed_with_SIGKILL_leaves_an_incomplete_gapless_trace()
    {
        var images = Path.Combine(HemingwayPaths.MnistDirectory, "train-images-idx3-ubyte");
        if (!File.Exists(images) && !File.Exists(images + ".gz"))
        {
            throw new InvalidOperationException($"{images} is missing: run scripts/setup.sh");
        }

        var cancel = TestContext.Current.CancellationToken;
        using var process = StartRun(
            "run", "--data", "mnist:5", "--algorithm", "cocoa+", "--machines", "4", "--engine", "inproc",
            "--iterations", "100000", "--no-optimum", "--store", Store);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);

        var seen = 0;
        string? pollError = null;
        var clock = Stopwatch.StartNew();
        try
        {
            while (seen < IterationsBeforeKill)
            {
                if (process.HasExited)
                {
                    Assert.Fail($"the run ended (exit code {process.ExitCode}) before it could be killed\n  stdout: {await stdout}\n  stderr: {await stderr}");
                }

                Assert.True(
                    clock.Elapsed < CliProcess.DefaultTimeout,
                    $"fewer than {IterationsBeforeKill} iterations in {Store} after {clock.Elapsed.TotalSeconds:0} s (saw {seen}; last error opening it: {pollError ?? "none"})");
                await Task.Delay(100, cancel);
                if (File.Exists(Store))
                {
                    try
                    {
                        using var reader = TraceStore.Open(Store);
                        seen = reader.ListRuns() is [var only] ? only.Iterations : 0;
                    }
                    catch (HemingwayException e)
                    {
                        // The child may be creating the tables at this very moment; what counts is the store after the kill.
                        pollError = e.Message;
                    }
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(); // SIGKILL on Linux
            }

            await process.WaitForExitAsync(cancel);
        }

        Assert.Equal(128 + 9, process.ExitCode); // killed by signal 9, not a normal exit
        await stdout;
        await stderr;

        using (var store = TraceStore.Open(Store))
        {
            var run = Assert.Single(store.ListRuns());
            Assert.False(run.IsComplete, $"a killed run has no stop reason, got '{run.StopReason}'");
            Assert.Null(run.Finished);
            Assert.Equal(RunSummary.Incomplete, run.Status);
            Assert.Equal("cocoa+", run.Info.Algorithm);
            Assert.Equal(4, run.Info.Machines);
            Assert.Equal("inproc", run.Info.Engine);
            Assert.Equal("mnist:5", run.Info.Dataset);
            Assert.True(run.Iterations >= seen, $"{seen} iterations were seen before the kill, {run.Iterations} survived it");

            var rows = store.ReadRows(run.Info.RunId);
            Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r.Iteration));
            Assert.Equal(run.RowCount, rows.Count);
            Assert.Equal(run.Iterations, rows[^1].Iteration);
            Assert.All(rows, r => Assert.True(double.IsFinite(r.Primal), $"iteration {r.Iteration}: primal {r.Primal}"));
            Assert.All(rows.Skip(1), r => Assert.True(r.WallSeconds > 0 && double.IsFinite(r.WallSeconds), $"iteration {r.Iteration}: wall seconds {r.WallSeconds}"));

            var list = await CliProcess.RunAsync("traces", "list", "--store", Store, "--json");
            CliAssert.Success(list);
            using var json = JsonDocument.Parse(list.Stdout);
            var listed = Assert.Single(json.RootElement.EnumerateArray().ToList());
            Assert.Equal(run.Info.RunId, listed.GetProperty("run_id").GetString());
            Assert.Equal("incomplete", listed.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, listed.GetProperty("stop_reason").ValueKind);
            Assert.Equal(rows.Count, listed.GetProperty("rows").GetInt32());
            Assert.Equal(rows[^1].Iteration, listed.GetProperty("iterations").GetInt32());

            var table = await CliProcess.RunAsync("traces", "list", "--store", Store);
            CliAssert.Success(table);
            var line = table.StdoutLines.SingleOrDefault(l => l.Contains(run.Info.RunId, StringComparison.Ordinal));
            Assert.True(line is not null && line.Contains("incomplete", StringComparison.Ordinal), $"the table does not mark the run incomplete\n{table}");

            var csv = _folder.File("killed.csv");
            var export = await CliProcess.RunAsync("traces", "export", "--store", Store, "--out", csv, "--run", run.Info.RunId);
            CliAssert.Success(export);
            Assert.Contains($"wrote {rows.Count} rows of 1 run", export.Stderr, StringComparison.Ordinal);
            var lines = File.ReadAllLines(csv);
            Assert.Equal(string.Join(',', TraceCsv.Columns), lines[0]);
            Assert.Equal(rows.Count + 1, lines.Length);
            Assert.All(lines.Skip(1), l => Assert.StartsWith(run.Info.RunId + ",", l, StringComparison.Ordinal));
        }
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Starts <c>hemingway args…</c> the way <see cref="CliProcess"/> does, but returns the running process.</summary>
    private static Process StartRun(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk && File.Exists(fromSdk)
            ? fromSdk
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add(CliProcess.HemingwayDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("HEMINGWAY_DEBUG");
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        process.StandardInput.Close();
        return process;
    }
}
