using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary><c>hemingway run</c> of the distributed algorithms on LIBLINEAR's heart_scale (270 rows), end to end.</summary>
public sealed class RunDistributedTests : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>
    /// CoCoA on one machine is SDCA: one round is one epoch of the same coordinate steps in the same order. SDCA's
    /// shrinking skips examples and so changes the iterates, hence <c>--no-shrinking</c>.
    /// </summary>
    [Theory]
    [InlineData("cocoa")]
    [InlineData("cocoa+")]
    public async Task On_one_machine_cocoa_is_sdca_without_shrinking(string algorithm)
    {
        var heartScale = CliAssert.HeartScalePath();
        var sdca = await Run(heartScale, "--algorithm", "sdca", "--no-shrinking", "--iterations", "5", "--no-optimum");
        var cocoa = await Run(heartScale, "--algorithm", algorithm, "--machines", "1", "--iterations", "5", "--no-optimum");

        using var a = RunTests.ParseSingleObject(sdca);
        using var b = RunTests.ParseSingleObject(cocoa);
        Assert.Equal("sdca", a.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(algorithm, b.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(5, a.RootElement.GetProperty("iterations").GetInt32());
        Assert.Equal(5, b.RootElement.GetProperty("iterations").GetInt32());
        foreach (var field in new[] { "primal", "dual" })
        {
            var expected = a.RootElement.GetProperty(field).GetDouble();
            var actual = b.RootElement.GetProperty(field).GetDouble();
            Assert.True(
                Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected),
                $"{field}: sdca {expected:R}, {algorithm} on one machine {actual:R}\n{sdca}\n{cocoa}");
        }
    }

    [Fact]
    public async Task Lbfgs_on_three_machines_reaches_the_target_suboptimality()
    {
        var heartScale = CliAssert.HeartScalePath(); // from the real cache, before the child gets a private one
        var cache = _folder.File("cache");
        var result = await CliProcess.RunAsync(
            ["run", "--data", heartScale, "--algorithm", "lbfgs", "--loss", "logistic", "--machines", "3",
             "--target-subopt", "1e-8", "--store", _folder.File("traces.db"), "--json"],
            CliAssert.PrivateCache(cache));

        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var report = json.RootElement;
        Assert.Equal("lbfgs", report.GetProperty("algorithm").GetString());
        Assert.Equal(3, report.GetProperty("machines").GetInt32());
        Assert.Equal(270, report.GetProperty("rows").GetInt32());
        Assert.Equal("target_suboptimality", report.GetProperty("stop_reason").GetString());
        Assert.InRange(report.GetProperty("iterations").GetInt32(), 1, 499);
        Assert.InRange(report.GetProperty("subopt").GetDouble(), -1e-12, 1e-8);
        var primal = report.GetProperty("primal").GetDouble();
        var optimum = report.GetProperty("optimum").GetDouble();
        Assert.True(Math.Abs(report.GetProperty("subopt").GetDouble() - (primal - optimum)) <= 1e-12, $"subopt is not primal − optimum\n{result}");
        Assert.True(report.GetProperty("bytes").GetInt64() > 0, $"three machines communicated nothing\n{result}");

        // P* went to the private cache, not the real one.
        var optimumFolder = Path.Combine(cache, "optimum");
        Assert.True(Directory.Exists(optimumFolder) && Directory.EnumerateFiles(optimumFolder).Any(), $"no optimum cached in {optimumFolder}\n{result}");
    }

    public void Dispose() => _folder.Dispose();

    private async Task<CliResult> Run(string data, params string[] extra)
    {
        var result = await CliProcess.RunAsync(
            ["run", "--data", data, "--store", _folder.File("traces.db"), "--json", .. extra],
            CliAssert.PrivateCache(_folder.File("cache")));
        CliAssert.Success(result);
        return result;
    }
}
