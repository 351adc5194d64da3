using System.Text.RegularExpressions;
using Hemingway.Cli.Tests.Report;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>evaluate</c> and <c>train</c> end to end on the small problem of <see cref="AdviseGroundTruth"/>, whose sweep is
/// run separately by <c>hemingway sweep</c>: evaluate's numbers must be that sweep's, and train's report must render.
/// </summary>
public sealed partial class EvaluateAndTrainTests(AdviseGroundTruth truth) : IClassFixture<AdviseGroundTruth>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Evaluate_reports_the_regret_and_costs_of_the_sweep_it_ran()
    {
        var cells = await truth.ToEpsilon();
        using var folder = new TempFolder();
        var result = await CliProcess.RunAsync(
            ["evaluate", .. truth.Problem, "--algorithms", AdviseGroundTruth.Algorithms, "--max-machines", "16", "--max-iterations", AdviseGroundTruth.MaxIterations,
                "--epsilon", AdviseGroundTruth.Epsilon, "--store", folder.File("evaluate.db"), "--json"],
            environment: null,
            Timeout);
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var root = json.RootElement;

        // The ground truth is the separate sweep's: same cells, same seconds.
        var best = cells.Where(c => c.ReachedEpsilon).MinBy(c => c.Seconds)!;
        Assert.Equal(cells.Count, root.GetProperty("cells").GetArrayLength());
        Assert.Equal(best.Seconds, root.GetProperty("best").GetProperty("true_seconds").GetDouble(), 1e-9 * best.Seconds);
        var sweepSeconds = cells.Sum(c => c.Seconds);
        Assert.Equal(sweepSeconds, root.GetProperty("sweep_seconds").GetDouble(), 1e-9 * sweepSeconds);

        var recommended = root.GetProperty("recommended");
        var chosen = cells.Single(c => c.Algorithm == recommended.GetProperty("algorithm").GetString() && c.Machines == recommended.GetProperty("machines").GetInt32());
        Assert.True(chosen.ReachedEpsilon, $"the recommended {chosen} does not reach ε in the sweep\n{result}");
        Assert.Equal(chosen.Seconds / best.Seconds, root.GetProperty("regret").GetDouble(), 1e-9);
        Assert.InRange(root.GetProperty("regret").GetDouble(), 1.0, 1.10);
        Assert.Equal(root.GetProperty("profiling_seconds").GetDouble() / sweepSeconds, root.GetProperty("profiling_cost_ratio").GetDouble(), 1e-9);

        var adaptive = root.GetProperty("adaptive");
        Assert.True(adaptive.GetProperty("reached_goal").GetBoolean(), result.ToString());
        Assert.Equal(adaptive.GetProperty("seconds").GetDouble() / best.Seconds, adaptive.GetProperty("ratio_to_best").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Train_adaptive_from_too_many_machines_switches_and_its_report_draws_every_figure()
    {
        // On heart_scale (270 rows) every iteration on 16 simulated machines pays their overheads for little work.
        using var folder = new TempFolder();
        var report = folder.File("train.html");
        var result = await CliProcess.RunAsync(
            ["train", "--adaptive", "--start-machines", "16", "--data", CliAssert.HeartScalePath(), "--lambda", "1e-2", "--algorithms", "cocoa",
                "--max-machines", "16", "--epsilon", "1e-3", "--store", folder.File("train.db"), "--report", report, "--json"],
            environment: null,
            Timeout);
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var root = json.RootElement;
        Assert.True(root.GetProperty("reached_goal").GetBoolean(), result.ToString());
        var switches = root.GetProperty("switches").EnumerateArray().ToList();
        Assert.True(switches.Count > 0, result.ToString());
        Assert.Equal(16, switches[0].GetProperty("from_machines").GetInt32());
        Assert.Equal(switches.Count + 1, root.GetProperty("run_ids").GetArrayLength());

        var dom = await HeadlessChromium.DumpDomAsync(report);
        var body = BodyTag().Match(dom).Value;
        Assert.Equal("6", Attribute(body, "data-charts"));
        Assert.True(string.IsNullOrEmpty(Attribute(body, "data-errors")), $"script errors: {Attribute(body, "data-errors")}");
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{Regex.Escape(name)}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();
}
