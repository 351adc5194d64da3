using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary><c>hemingway traces list|export|import</c> end to end, each on a private store in a temp folder.</summary>
public sealed partial class TracesCommandTests : IDisposable
{
    /// <summary>Two runs as another tool might write them: its own column order, quoted fields, simulated time only.</summary>
    private const string SparkCsv = """
        algorithm,run_id,machines,iteration,simulated_seconds,primal,dual,dataset,loss,lambda,parameters,engine,optimal_primal
        cocoa,spark-a,8,0,0,0.9,0.1,"hdfs://rcv1,train",hinge,1e-4,"H=1000,beta=1",spark,0.4
        cocoa,spark-a,8,1,1.5,0.6,0.3,"hdfs://rcv1,train",hinge,1e-4,"H=1000,beta=1",spark,0.4
        cocoa,spark-a,8,2,3,0.45,0.38,"hdfs://rcv1,train",hinge,1e-4,"H=1000,beta=1",spark,0.4
        minibatch-sgd,spark-b,16,0,0,0.9,,"hdfs://rcv1,train",hinge,1e-4,b=100,spark,0.4
        minibatch-sgd,spark-b,16,1,0.75,0.7,,"hdfs://rcv1,train",hinge,1e-4,b=100,spark,0.4
        """;

    private readonly TempFolder _folder = new();

    private string Store => _folder.File("traces.db");

    [Fact]
    public async Task Import_then_list_shows_every_run_with_its_last_iteration()
    {
        var csv = _folder.Write("spark.csv", SparkCsv);

        var import = await CliProcess.RunAsync("traces", "import", "--store", Store, "--file", csv);
        CliAssert.Success(import);
        Assert.Contains("imported 2 runs (5 rows)", import.Stdout, StringComparison.Ordinal);

        var list = await CliProcess.RunAsync("traces", "list", "--store", Store, "--json");
        CliAssert.Success(list);
        using var json = JsonDocument.Parse(list.Stdout);
        var runs = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        var a = runs.Single(r => r.GetProperty("run_id").GetString() == "spark-a");
        Assert.Equal("cocoa", a.GetProperty("algorithm").GetString());
        Assert.Equal("hdfs://rcv1,train", a.GetProperty("dataset").GetString());
        Assert.Equal("H=1000,beta=1", a.GetProperty("parameters").GetString());
        Assert.Equal("spark", a.GetProperty("engine").GetString());
        Assert.Equal(8, a.GetProperty("machines").GetInt32());
        Assert.Equal(3, a.GetProperty("rows").GetInt32());
        Assert.Equal(2, a.GetProperty("iterations").GetInt32());
        Assert.Equal(0.45, a.GetProperty("last_primal").GetDouble());
        Assert.Equal(3, a.GetProperty("last_simulated_seconds").GetDouble());
        Assert.Equal(0.45 - 0.38, a.GetProperty("last_gap").GetDouble());
        Assert.Equal(0.45 - 0.4, a.GetProperty("last_subopt").GetDouble());
        Assert.Equal("imported", a.GetProperty("stop_reason").GetString());
        var b = runs.Single(r => r.GetProperty("run_id").GetString() == "spark-b");
        Assert.Equal(JsonValueKind.Null, b.GetProperty("last_dual").ValueKind);
        Assert.Equal(16, b.GetProperty("machines").GetInt32());

        var filtered = await CliProcess.RunAsync("traces", "list", "--store", Store, "--json", "--machines", "16");
        CliAssert.Success(filtered);
        using var filteredJson = JsonDocument.Parse(filtered.Stdout);
        Assert.Equal(["spark-b"], filteredJson.RootElement.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));

        var table = await CliProcess.RunAsync("traces", "list", "--store", Store, "--algorithm", "cocoa");
        CliAssert.Success(table);
        Assert.Contains("spark-a", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("hdfs://rcv1,train", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("imported", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("spark-b", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_then_import_into_another_store_keeps_every_value()
    {
        // A store as a run writes it: one finished run, one killed mid-way, values that do not print short, nulls.
        var started = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var finished = new RunInfo("r-done", "mnist:5", "hinge", 1e-4, "cocoa+", "H=1n_k", "sim", "spark", 4, 0.25, 3, 0.1234567890123, started);
        var killed = finished with { RunId = "r-killed", Algorithm = "gd", Machines = 2, OptimalPrimal = null };
        var rows = Enumerable.Range(0, 5).Select(i => new TraceRow(
            i, i / 3.0, i * 0.7, 1e-3 / 7, i * 123_456_789_012L, 0.5 + (1.0 / (i + 1)), i % 2 == 0 ? 0.1 / (i + 1) : null,
            i % 2 == 0 ? 0.4 : null, i == 0 ? null : 0.5 + (1.0 / (i + 1)) - 0.1234567890123)).ToList();
        using (var store = TraceStore.Open(Store))
        {
            using (var writer = store.BeginRun(finished, config: "cocoa+|m=4"))
            {
                rows.ForEach(writer.Append);
                writer.Finish("target_suboptimality");
            }

            using var partial = store.BeginRun(killed);
            rows.Take(2).ToList().ForEach(partial.Append);
        }

        var csv = _folder.File("out.csv");
        var export = await CliProcess.RunAsync("traces", "export", "--store", Store, "--out", csv);
        CliAssert.Success(export);
        Assert.Contains("wrote 7 rows of 2 runs", export.Stderr, StringComparison.Ordinal);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(string.Join(',', TraceCsv.Columns), lines[0]);
        Assert.Equal(8, lines.Length);

        var copy = _folder.File("copy.db");
        var import = await CliProcess.RunAsync("traces", "import", "--store", copy, "--file", csv);
        CliAssert.Success(import);
        Assert.Contains("imported 2 runs (7 rows)", import.Stdout, StringComparison.Ordinal);

        using (var original = TraceStore.Open(Store))
        using (var imported = TraceStore.Open(copy))
        {
            foreach (var id in new[] { "r-done", "r-killed" })
            {
                Assert.Equal(original.FindRun(id)! with { Started = started }, imported.FindRun(id)! with { Started = started });
                var expected = original.ReadRows(id);
                var actual = imported.ReadRows(id);
                Assert.Equal(expected.Count, actual.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.Equal(Bits(expected[i]), Bits(actual[i]));
                }
            }
        }

        var one = _folder.File("one.csv");
        var single = await CliProcess.RunAsync("traces", "export", "--store", Store, "--out", one, "--run", "r-killed");
        CliAssert.Success(single);
        Assert.Equal(3, File.ReadAllLines(one).Length);
        Assert.All(File.ReadAllLines(one).Skip(1), line => Assert.StartsWith("r-killed,", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_value_is_one_line_naming_file_line_column_and_value()
    {
        var csv = _folder.Write("bad.csv", SparkCsv.Replace("0.6,0.3", "0.6x,0.3", StringComparison.Ordinal));
        var result = await CliProcess.RunAsync("traces", "import", "--store", Store, "--file", csv);
        CliAssert.BadInput(result, $"{csv}:3: column 'primal': value '0.6x' is not a number");
    }

    [Fact]
    public async Task A_missing_required_column_is_named()
    {
        var csv = _folder.Write("nolambda.csv", "run_id,dataset,loss,algorithm,machines,iteration,wall_seconds,primal\nr,d,hinge,gd,1,0,0,1\n");
        var result = await CliProcess.RunAsync("traces", "import", "--store", Store, "--file", csv);
        CliAssert.BadInput(result, csv, "required column 'lambda'");
    }

    [Fact]
    public async Task Importing_a_run_twice_needs_replace()
    {
        var csv = _folder.Write("spark.csv", SparkCsv);
        CliAssert.Success(await CliProcess.RunAsync("traces", "import", "--store", Store, "--file", csv));

        var again = await CliProcess.RunAsync("traces", "import", "--store", Store, "--file", csv);
        CliAssert.BadInput(again, $"{csv}:2: column 'run_id': value 'spark-a' is already in the trace store", "--replace");

        var replaced = await CliProcess.RunAsync("traces", "import", "--store", Store, "--file", csv, "--replace");
        CliAssert.Success(replaced);
        Assert.Contains("imported 2 runs (5 rows)", replaced.Stdout, StringComparison.Ordinal);
        using var store = TraceStore.Open(Store);
        Assert.Equal(2, store.ListRuns().Count);
        Assert.Equal(3, store.ReadRows("spark-a").Count);
    }

    [Fact]
    public async Task A_store_that_is_not_SQLite_is_bad_input_naming_it()
    {
        var notAStore = _folder.Write("traces.db", "this is not an SQLite database, just some text that is long enough to have a header\n");
        var result = await CliProcess.RunAsync("traces", "list", "--store", notAStore);
        CliAssert.BadInput(result, notAStore);
    }

    [Fact]
    public async Task Exporting_an_unknown_run_is_bad_input()
    {
        var result = await CliProcess.RunAsync("traces", "export", "--store", Store, "--out", _folder.File("x.csv"), "--run", "nope");
        CliAssert.BadInput(result, "run 'nope'", Store);
        Assert.False(File.Exists(_folder.File("x.csv")));
    }

    [Fact]
    public async Task An_empty_store_lists_no_runs()
    {
        var table = await CliProcess.RunAsync("traces", "list", "--store", Store);
        CliAssert.Success(table);
        Assert.Contains("no runs", table.Stdout, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync("traces", "list", "--store", Store, "--json");
        CliAssert.Success(json);
        using var parsed = JsonDocument.Parse(json.Stdout);
        Assert.Equal(0, parsed.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Without_store_the_store_is_in_the_cache()
    {
        var cache = _folder.File("cache");
        var csv = _folder.Write("spark.csv", SparkCsv);
        var import = await CliProcess.RunAsync(["traces", "import", "--file", csv], CliAssert.PrivateCache(cache));
        CliAssert.Success(import);
        Assert.True(File.Exists(Path.Combine(cache, "traces.db")), $"no traces.db in the private cache\n{import}");
    }

    [Fact]
    public async Task A_run_killed_with_SIGKILL_keeps_every_iteration_it_completed()
    {
        // A real `hemingway run` writing to the store, killed (SIGKILL, no chance to clean up) once it has written
        // some rows: the store must hold an incomplete run whose rows are 0..n-1 with n at least what was seen.
        // (The time limit only bounds a run that this test somehow fails to kill.)
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            CliProcess.HemingwayDll, "run", "--data", CliAssert.HeartScalePath(), "--algorithm", "cocoa", "--machines", "4",
            "--iterations", "10000000", "--time-limit", "120", "--no-optimum", "--store", Store,
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var seen = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (seen < 50)
            {
                if (process.HasExited)
                {
                    Assert.Fail($"the run ended before it could be killed: exit code {process.ExitCode}\n{await stderr}");
                }

                Assert.True(clock.Elapsed < CliProcess.DefaultTimeout, $"no rows in {Store} after {clock.Elapsed.TotalSeconds:0} s");
                await Task.Delay(50, TestContext.Current.CancellationToken);
                if (File.Exists(Store))
                {
                    using var reader = TraceStore.Open(Store);
                    seen = reader.ListRuns() is [var only] ? only.RowCount : 0;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.NotEqual(0, process.ExitCode);
        using var store = TraceStore.Open(Store);
        var run = Assert.Single(store.ListRuns());
        Assert.False(run.IsComplete, $"a killed run has no stop reason, got '{run.StopReason}'");
        Assert.True(run.RowCount >= seen, $"{seen} rows were seen before the kill, {run.RowCount} survived it");
        var rows = store.ReadRows(run.Info.RunId);
        Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r.Iteration));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Primal), $"iteration {r.Iteration}: primal {r.Primal}"));

        var list = await CliProcess.RunAsync("traces", "list", "--store", Store, "--json");
        CliAssert.Success(list);
        using var json = JsonDocument.Parse(list.Stdout);
        Assert.Equal("incomplete", json.RootElement[0].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement[0].GetProperty("stop_reason").ValueKind);
        _ = await stdout;
        _ = await stderr;
    }

    [Theory]
    [InlineData("list", "--store --algorithm --dataset --engine --machines --json")]
    [InlineData("export", "--store --out --run --algorithm --dataset --engine --machines")]
    [InlineData("import", "--store --file --replace")]
    public async Task Every_option_says_its_default(string command, string expected)
    {
        var result = await CliProcess.RunAsync("traces", command, "--help");
        CliAssert.Success(result);
        var lines = result.StdoutLines;
        var start = lines.ToList().FindIndex(line => line.TrimEnd() == "Options:");
        Assert.True(start >= 0, $"no Options: section\n{result}");
        var options = new Dictionary<string, string>();
        string? current = null;
        for (var i = start + 1; i < lines.Count && lines[i].Trim().Length > 0; i++)
        {
            if (lines[i].StartsWith("  --", StringComparison.Ordinal))
            {
                current = lines[i].Trim().Split(' ', 2)[0];
                options[current] = lines[i].Trim();
            }
            else if (lines[i].StartsWith("  -", StringComparison.Ordinal))
            {
                current = null;
            }
            else if (current is not null)
            {
                options[current] += " " + lines[i].Trim();
            }
        }

        foreach (var name in expected.Split(' '))
        {
            Assert.True(options.TryGetValue(name, out var line), $"the help does not list {name}\n{result}");
            Assert.True(
                DefaultNote().IsMatch(line) || line.Contains("(REQUIRED)", StringComparison.Ordinal),
                $"option {name} does not say its default:\n  {line}\n{result}");
        }
    }

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"\[default: |\(default: |\([^()]*; default: [^()]*\)")]
    private static partial Regex DefaultNote();

    /// <summary>A row with every double as its bit pattern, so equality is bit-exact (and null-exact).</summary>
    private static string Bits(TraceRow row) => string.Join(' ',
        row.Iteration, Bits(row.WallSeconds), Bits(row.SimulatedSeconds), Bits(row.ComputeSeconds), row.Bytes,
        Bits(row.Primal), Bits(row.Dual), Bits(row.Gap), Bits(row.Suboptimality));

    private static string Bits(double? value) =>
        value is { } v ? BitConverter.DoubleToInt64Bits(v).ToString("X16", CultureInfo.InvariantCulture) : "null";
}
