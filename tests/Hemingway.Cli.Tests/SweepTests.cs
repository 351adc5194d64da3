using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>hemingway sweep</c> end to end: every cell of the grid runs once, a repeated sweep resumes from the store, a
/// widened grid runs only its new cells; and the simulated engine is reproducible and computes what the in-process
/// engine computes. Everything on 2 % of MNIST (1 200 rows) on a private store; the simulated engine's cost model is
/// the real cache's (calibrated once, on first use).
/// </summary>
public sealed class SweepTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("s.db");

    [Fact]
    public async Task A_sweep_runs_every_cell_once_and_resumes_from_the_store()
    {
        // The whole grid: 2 algorithms × 3 machine counts, all new.
        var first = await Sweep("1,2,4");
        Assert.Equal(Cells(["cocoa", "cocoa+"], [1, 2, 4]), first.Select(r => (r.Algorithm, r.Machines)));
        Assert.All(first, r => Assert.False(r.Resumed, $"{r.Algorithm} m={r.Machines} resumed in a fresh store"));
        Assert.All(first, r => Assert.Equal(5, r.Iterations));
        Assert.All(first, r => Assert.Equal("iteration_limit", r.StopReason));
        Assert.All(first, r => Assert.True(double.IsFinite(r.Primal), $"{r.Algorithm} m={r.Machines}: primal {r.Primal}"));
        Assert.Equal(6, first.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(6, await RunsInStore());

        // The same sweep again: the same runs, from the store, and nothing new.
        var second = await Sweep("1,2,4");
        Assert.Equal(first.Select(r => (r.Algorithm, r.Machines, r.RunId)), second.Select(r => (r.Algorithm, r.Machines, r.RunId)));
        Assert.All(second, r => Assert.True(r.Resumed, $"{r.Algorithm} m={r.Machines} ran again instead of resuming"));
        Assert.Equal(first.Select(r => (r.Iterations, r.Primal, r.StopReason)), second.Select(r => (r.Iterations, r.Primal, r.StopReason)));
        Assert.Equal(6, await RunsInStore());

        // One more machine count: only its two cells run.
        var third = await Sweep("1,2,4,8");
        Assert.Equal(Cells(["cocoa", "cocoa+"], [1, 2, 4, 8]), third.Select(r => (r.Algorithm, r.Machines)));
        var fresh = third.Where(r => !r.Resumed).ToList();
        Assert.Equal([("cocoa", 8), ("cocoa+", 8)], fresh.Select(r => (r.Algorithm, r.Machines)));
        Assert.Equal(
            first.Select(r => r.RunId).Order(StringComparer.Ordinal),
            third.Where(r => r.Resumed).Select(r => r.RunId).Order(StringComparer.Ordinal));
        Assert.Equal(8, await RunsInStore());
    }

    [Fact]
    public async Task The_simulated_engine_gives_the_same_seconds_for_the_same_seed()
    {
        // The first run may calibrate the cost model into the cache; later runs must reuse it.
        var warmUp = await Run("sim", seed: 5);
        var a = await Run("sim", seed: 5);
        var b = await Run("sim", seed: 5);

        using (warmUp)
        using (a)
        using (b)
        {
            Assert.Equal("sim", a.RootElement.GetProperty("engine").GetString());
            var seconds = a.RootElement.GetProperty("simulated_seconds");
            Assert.Equal(JsonValueKind.Number, seconds.ValueKind);
            Assert.True(seconds.GetDouble() > 0 && double.IsFinite(seconds.GetDouble()), $"simulated seconds {seconds.GetDouble()}");
            Assert.Equal(seconds.GetRawText(), b.RootElement.GetProperty("simulated_seconds").GetRawText());
            foreach (var field in new[] { "iterations", "primal", "dual", "gap", "bytes" })
            {
                Assert.Equal(a.RootElement.GetProperty(field).GetRawText(), b.RootElement.GetProperty(field).GetRawText());
            }
        }
    }

    [Theory]
    [InlineData("cocoa", "hinge")]
    [InlineData("cocoa+", "hinge")]
    [InlineData("minibatch-sgd", "hinge")]
    [InlineData("lbfgs", "logistic")]
    public async Task The_in_process_and_simulated_engines_compute_the_same_iterates(string algorithm, string loss)
    {
        using var inproc = await Run("inproc", seed: 7, algorithm, loss);
        using var sim = await Run("sim", seed: 7, algorithm, loss);

        Assert.Equal(JsonValueKind.Null, inproc.RootElement.GetProperty("simulated_seconds").ValueKind);
        Assert.Equal(JsonValueKind.Number, sim.RootElement.GetProperty("simulated_seconds").ValueKind);
        foreach (var field in new[] { "iterations", "primal", "dual", "gap" })
        {
            Assert.Equal(inproc.RootElement.GetProperty(field).GetRawText(), sim.RootElement.GetProperty(field).GetRawText());
        }
    }

    public void Dispose() => _folder.Dispose();

    private static IEnumerable<(string, int)> Cells(string[] algorithms, int[] machines) =>
        from a in algorithms from m in machines select (a, m);

    /// <summary><c>hemingway sweep</c> of cocoa and cocoa+ on the given machine counts; its cells in order.</summary>
    private async Task<List<Cell>> Sweep(string machines)
    {
        var result = await CliProcess.RunAsync(
            "sweep", "--data", "mnist:5", "--fraction", "0.02", "--engine", "sim", "--machines", machines,
            "--algorithms", "cocoa,cocoa+", "--iterations", "5", "--no-optimum", "--store", Store, "--json");
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        Assert.Equal(Path.GetFullPath(Store), json.RootElement.GetProperty("store").GetString());
        return json.RootElement.GetProperty("runs").EnumerateArray().Select(r => new Cell(
            r.GetProperty("algorithm").GetString()!,
            r.GetProperty("machines").GetInt32(),
            r.GetProperty("run_id").GetString()!,
            r.GetProperty("iterations").GetInt32(),
            r.GetProperty("primal").GetDouble(),
            r.GetProperty("stop_reason").GetString()!,
            r.GetProperty("resumed").GetBoolean())).ToList();
    }

    /// <summary>How many runs <c>traces list</c> shows in the store.</summary>
    private async Task<int> RunsInStore()
    {
        var list = await CliProcess.RunAsync("traces", "list", "--store", Store, "--json");
        CliAssert.Success(list);
        using var json = JsonDocument.Parse(list.Stdout);
        return json.RootElement.GetArrayLength();
    }

    /// <summary><c>hemingway run --json</c> of 5 rounds on 4 machines.</summary>
    private async Task<JsonDocument> Run(string engine, int seed, string algorithm = "cocoa", string loss = "hinge")
    {
        var result = await CliProcess.RunAsync(
            "run", "--data", "mnist:5", "--fraction", "0.02", "--engine", engine, "--algorithm", algorithm, "--loss", loss,
            "--machines", "4", "--iterations", "5", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--no-optimum",
            "--store", Store, "--json");
        CliAssert.Success(result);
        return RunTests.ParseSingleObject(result);
    }

    private sealed record Cell(string Algorithm, int Machines, string RunId, int Iterations, double Primal, string StopReason, bool Resumed);
}
