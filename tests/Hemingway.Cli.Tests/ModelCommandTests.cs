using System.Text.Json;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>hemingway fit</c>, <c>validate</c> and <c>predict</c> end to end, on traces a real sweep writes into a private
/// store: CoCoA+ on 2 % of MNIST digit 5 (1 200 rows) on four simulated machine counts.
/// </summary>
public sealed class ModelCommandTests(ModelCommandTests.SweptStore swept) : IClassFixture<ModelCommandTests.SweptStore>, IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => swept.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Fit_validate_and_predict_work_on_a_sweeps_traces()
    {
        await swept.Ready;
        var model = _folder.File("model.json");
        CliAssert.Success(await CliProcess.RunAsync("fit", "--algorithm", "cocoa+", "--store", Store, "--fraction", "0.02", "--out", model));
        using (var saved = JsonDocument.Parse(await File.ReadAllTextAsync(model)))
        {
            Assert.Equal("cocoa+", saved.RootElement.GetProperty("algorithm").GetString());
            Assert.Equal(JsonValueKind.Object, saved.RootElement.GetProperty("convergence").ValueKind);
            Assert.Equal(JsonValueKind.Object, saved.RootElement.GetProperty("system").ValueKind);
        }

        var byIterations = await CliProcess.RunAsync("predict", "--model", model, "--machines", "4", "--iterations", "10", "--json");
        CliAssert.Success(byIterations);
        using (var prediction = JsonDocument.Parse(byIterations.Stdout))
        {
            Assert.True(prediction.RootElement.GetProperty("subopt").GetDouble() > 0);
            Assert.Equal(4, prediction.RootElement.GetProperty("machines").GetInt32());
        }

        var bySeconds = await CliProcess.RunAsync("predict", "--model", model, "--machines", "4", "--seconds", "2", "--json");
        CliAssert.Success(bySeconds);
        using (var prediction = JsonDocument.Parse(bySeconds.Stdout))
        {
            var perIteration = prediction.RootElement.GetProperty("seconds_per_iteration").GetDouble();
            Assert.Equal(Math.Max(1, 2 / perIteration), prediction.RootElement.GetProperty("iterations").GetDouble(), 9);
        }

        var validation = await CliProcess.RunAsync("validate", "--algorithm", "cocoa+", "--store", Store, "--fraction", "0.02", "--window", "10", "--json");
        CliAssert.Success(validation);
        using var report = JsonDocument.Parse(validation.Stdout);
        Assert.Equal(4, report.RootElement.GetProperty("leave_one_machine_out").GetArrayLength());
        Assert.True(report.RootElement.GetProperty("forward_one_iteration").GetProperty("count").GetInt32() > 0);
    }

    [Fact]
    public async Task Bad_inputs_are_one_line_errors()
    {
        await swept.Ready;
        CliAssert.BadInput(await CliProcess.RunAsync("fit", "--algorithm", "lbfgs", "--store", Store, "--out", _folder.File("m.json")), "no runs of 'lbfgs'");
        CliAssert.BadInput(await CliProcess.RunAsync("validate", "--algorithm", "cocoa+", "--store", Store, "--epsilon", "0"), "--epsilon must be > 0");
        CliAssert.BadInput(await CliProcess.RunAsync("validate", "--algorithm", "cocoa+", "--store", Store, "--epsilon", "-1"), "--epsilon must be > 0");
        CliAssert.BadInput(await CliProcess.RunAsync("predict", "--model", _folder.File("missing.json"), "--machines", "4", "--iterations", "3"), "no such model file");
        var notAModel = _folder.Write("notes.json", "{\"hello\": 1}");
        CliAssert.BadInput(await CliProcess.RunAsync("predict", "--model", notAModel, "--machines", "4", "--iterations", "3"), notAModel);
    }

    /// <summary>The store the tests read, filled once by a real sweep.</summary>
    public sealed class SweptStore : IDisposable
    {
        private readonly TempFolder _folder = new();

        public SweptStore()
        {
            Ready = Sweep();
        }

        public string Path => _folder.File("traces.db");

        public Task Ready { get; }

        public void Dispose() => _folder.Dispose();

        private async Task Sweep() => CliAssert.Success(await CliProcess.RunAsync(
            "sweep", "--data", "mnist:5", "--fraction", "0.02", "--lambda", "1e-2", "--engine", "sim", "--algorithms", "cocoa+",
            "--machines", "1,2,4,8", "--iterations", "40", "--store", Path, "--json"));
    }
}
