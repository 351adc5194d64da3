using System.Text.Json;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>hemingway fit</c>, <c>validate</c> and <c>predict</c> end to end, on traces a real sweep writes into a private
/// store: CoCoA+ on 2 % of MNIST digit 5 (1 200 rows) on four simulated machine counts, with the test error on MNIST's
/// test set recorded after every iteration.
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

    [Theory]
    [InlineData("gap", "ln(gap)", 1e-3)]
    [InlineData("test-error", "ln(test error)", 0.06)]
    public async Task Fit_validate_and_predict_model_the_gap_or_the_test_error(string target, string label, double epsilon)
    {
        await swept.Ready;
        var model = _folder.File($"{target}.json");
        CliAssert.Success(await CliProcess.RunAsync("fit", "--algorithm", "cocoa+", "--store", Store, "--fraction", "0.02", "--target", target, "--out", model));
        using (var saved = JsonDocument.Parse(await File.ReadAllTextAsync(model)))
        {
            Assert.Equal(label, saved.RootElement.GetProperty("convergence").GetProperty("target").GetString());
        }

        var prediction = await CliProcess.RunAsync("predict", "--model", model, "--machines", "4", "--iterations", "10", "--json");
        CliAssert.Success(prediction);
        using (var predicted = JsonDocument.Parse(prediction.Stdout))
        {
            Assert.Equal(target, predicted.RootElement.GetProperty("target").GetString());
            Assert.True(predicted.RootElement.GetProperty("value").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Null, predicted.RootElement.GetProperty("subopt").ValueKind);
        }

        // The truth of leave-one-m-out is the first iteration at which the run's own column reached ε, read here from
        // the exported traces.
        var validation = await CliProcess.RunAsync(
            "validate", "--algorithm", "cocoa+", "--store", Store, "--fraction", "0.02", "--target", target,
            "--epsilon", epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--window", "10", "--stride", "5", "--json");
        CliAssert.Success(validation);
        using var report = JsonDocument.Parse(validation.Stdout);
        Assert.Equal(target, report.RootElement.GetProperty("target").GetString());
        var firstReached = await FirstIterationsReaching(target == "gap" ? "gap" : "test_error", epsilon);
        var heldOut = report.RootElement.GetProperty("leave_one_machine_out").EnumerateArray()
            .ToDictionary(r => r.GetProperty("machines").GetInt32(), r => r.GetProperty("true_iterations") is { ValueKind: JsonValueKind.Number } t ? t.GetInt32() : (int?)null);
        Assert.Equal(firstReached, heldOut);
        Assert.Contains(heldOut.Values, v => v is not null);
    }

    [Fact]
    public async Task A_target_the_traces_lack_is_a_one_line_error()
    {
        await swept.Ready;
        var imported = _folder.File("imported.db");
        var csv = _folder.Write("sgd.csv", "run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal,subopt\n" +
            string.Concat(Enumerable.Range(0, 12).Select(i => $"s,mnist:5,hinge,0.01,minibatch-sgd,2,{i},{i},{1.0 / (i + 1)},{0.5 / (i + 1)}\n")));
        CliAssert.Success(await CliProcess.RunAsync("traces", "import", "--store", imported, "--file", csv));
        CliAssert.BadInput(
            await CliProcess.RunAsync("fit", "--algorithm", "minibatch-sgd", "--store", imported, "--target", "gap", "--out", _folder.File("m.json")),
            "'minibatch-sgd' keeps no dual variables");
        CliAssert.BadInput(
            await CliProcess.RunAsync("fit", "--algorithm", "minibatch-sgd", "--store", imported, "--target", "test-error", "--out", _folder.File("m.json")),
            "record no test error", "--test-data");
        CliAssert.BadInput(
            await CliProcess.RunAsync("validate", "--algorithm", "cocoa+", "--store", Store, "--fraction", "0.02", "--target", "accuracy"),
            "accuracy");
    }

    /// <summary>Per machine count, the first iteration at which <paramref name="column"/> was ≤ ε in the store's CSV export.</summary>
    private async Task<Dictionary<int, int?>> FirstIterationsReaching(string column, double epsilon)
    {
        var csv = _folder.File($"export-{column}.csv");
        CliAssert.Success(await CliProcess.RunAsync("traces", "export", "--store", Store, "--out", csv));
        var lines = await File.ReadAllLinesAsync(csv);
        var header = lines[0].Split(',');
        int FromEnd(string name) => header.Length - Array.IndexOf(header, name);
        var rows = lines.Skip(1).Select(l => l.Split(','))
            .Select(f => (
                Machines: int.Parse(f[^FromEnd("machines")], System.Globalization.CultureInfo.InvariantCulture),
                Iteration: int.Parse(f[^FromEnd("iteration")], System.Globalization.CultureInfo.InvariantCulture),
                Value: double.Parse(f[^FromEnd(column)], System.Globalization.CultureInfo.InvariantCulture)));
        return rows.GroupBy(r => r.Machines).ToDictionary(
            g => g.Key,
            g => g.Where(r => r.Iteration >= 1 && r.Value <= epsilon).Select(r => (int?)r.Iteration).Min());
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
            "--machines", "1,2,4,8", "--iterations", "40", "--test-data", "mnist-test:5", "--store", Path, "--json"));
    }
}
