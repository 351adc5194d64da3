using System.Text.Json;
using Hemingway.Core;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary><c>hemingway run --json</c> end to end: the report, its stopping rule, and seeded reproducibility.</summary>
public sealed class RunTests : IDisposable
{
    private static readonly string[] ReportFields =
        ["algorithm", "machines", "iterations", "primal", "dual", "gap", "subopt", "seconds", "stop_reason"];

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Logistic_on_heart_scale_reaches_the_target_suboptimality()
    {
        var heartScale = CliAssert.HeartScalePath(); // from the real cache, before the child gets a private one
        var cache = _folder.File("cache");
        var result = await CliProcess.RunAsync(
            ["run", "--data", heartScale, "--loss", "logistic", "--lambda", "0.0037", "--target-subopt", "1e-6", "--json"],
            CliAssert.PrivateCache(cache));

        CliAssert.Success(result);
        Assert.True(result.Stderr.Length == 0, $"expected nothing on stderr when it is not a terminal\n{result}");
        using var json = ParseSingleObject(result);
        var report = json.RootElement;
        foreach (var field in ReportFields)
        {
            Assert.True(report.TryGetProperty(field, out _), $"the report has no field '{field}'\n{result}");
        }

        Assert.Equal("sdca", report.GetProperty("algorithm").GetString());
        Assert.Equal(1, report.GetProperty("machines").GetInt32());
        Assert.Equal("target_suboptimality", report.GetProperty("stop_reason").GetString());
        Assert.Equal(270, report.GetProperty("rows").GetInt32());
        Assert.Equal(13, report.GetProperty("features").GetInt32());
        Assert.InRange(report.GetProperty("iterations").GetInt32(), 1, 500);

        var primal = report.GetProperty("primal").GetDouble();
        var dual = report.GetProperty("dual").GetDouble();
        var gap = report.GetProperty("gap").GetDouble();
        var subopt = report.GetProperty("subopt").GetDouble();
        var seconds = report.GetProperty("seconds").GetDouble();
        Assert.True(double.IsFinite(primal) && double.IsFinite(dual), $"non-finite objective\n{result}");
        Assert.InRange(subopt, -1e-12, 1e-6);
        Assert.True(dual <= primal, $"weak duality violated: dual {dual} > primal {primal}\n{result}");
        Assert.True(Math.Abs(gap - (primal - dual)) <= 1e-12 * Math.Max(1, Math.Abs(primal)), $"gap {gap} is not primal − dual\n{result}");
        Assert.True(seconds >= 0 && double.IsFinite(seconds), $"bad seconds {seconds}\n{result}");

        // P* went to the private cache, not the real one.
        var optimumFolder = Path.Combine(cache, "optimum");
        Assert.True(Directory.Exists(optimumFolder) && Directory.EnumerateFiles(optimumFolder).Any(), $"no optimum cached in {optimumFolder}\n{result}");
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_numbers_and_another_seed_does_not()
    {
        var heartScale = CliAssert.HeartScalePath();
        var environment = CliAssert.PrivateCache(_folder.File("cache"));
        string[] Args(int seed) =>
            ["run", "--data", heartScale, "--iterations", "5", "--no-optimum", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"];

        var first = await CliProcess.RunAsync(Args(3), environment);
        var second = await CliProcess.RunAsync(Args(3), environment);
        var other = await CliProcess.RunAsync(Args(4), environment);
        foreach (var result in new[] { first, second, other })
        {
            CliAssert.Success(result);
        }

        using var a = ParseSingleObject(first);
        using var b = ParseSingleObject(second);
        using var c = ParseSingleObject(other);
        foreach (var field in new[] { "iterations", "primal", "dual", "gap", "relative_gap" })
        {
            Assert.Equal(a.RootElement.GetProperty(field).GetRawText(), b.RootElement.GetProperty(field).GetRawText());
        }

        Assert.Equal(3, a.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(4, c.RootElement.GetProperty("seed").GetInt32());
        Assert.NotEqual(a.RootElement.GetProperty("primal").GetRawText(), c.RootElement.GetProperty("primal").GetRawText());
    }

    [Fact]
    public async Task Runs_on_mnist_from_the_real_cache()
    {
        var images = Path.Combine(HemingwayPaths.MnistDirectory, "train-images-idx3-ubyte");
        if (!File.Exists(images) && !File.Exists(images + ".gz"))
        {
            throw new InvalidOperationException($"{images} is missing: run scripts/setup.sh");
        }

        var result = await CliProcess.RunAsync("run", "--data", "mnist:5", "--iterations", "2", "--no-optimum", "--json");

        CliAssert.Success(result);
        using var json = ParseSingleObject(result);
        var report = json.RootElement;
        Assert.Equal("mnist:5", report.GetProperty("dataset").GetString());
        Assert.Equal(60000, report.GetProperty("rows").GetInt32());
        Assert.Equal(784, report.GetProperty("features").GetInt32());
        Assert.Equal(2, report.GetProperty("iterations").GetInt32());
        Assert.Equal("iteration_limit", report.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("subopt").ValueKind);
        Assert.True(double.IsFinite(report.GetProperty("primal").GetDouble()), $"non-finite primal\n{result}");
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>stdout must be exactly one JSON object (JsonDocument rejects anything after the first value).</summary>
    internal static JsonDocument ParseSingleObject(CliResult result)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(result.Stdout);
        }
        catch (JsonException e)
        {
            Assert.Fail($"stdout is not one JSON value: {e.Message}\n{result}");
            throw;
        }

        var kind = json.RootElement.ValueKind;
        if (kind != JsonValueKind.Object)
        {
            json.Dispose();
            Assert.Fail($"stdout is a JSON {kind}, not an object\n{result}");
        }

        return json;
    }
}
