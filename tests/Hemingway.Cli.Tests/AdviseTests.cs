using System.Globalization;
using System.Text;
using System.Text.Json;
using Hemingway.Core.Data;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>hemingway advise</c> against the truth: the same grid run exhaustively by <c>hemingway sweep</c> on the same
/// simulated cluster, seed and problem. The problem is a seeded synthetic LIBSVM file (4 000 rows, 20 features) on a
/// Spark cluster whose compute is scaled up so that more machines can pay off; CoCoA reaches ε = 1e-4 in 8 to 40
/// iterations and the SGD methods in a few hundred. The simulated clock is deterministic, so the truth is exact.
/// </summary>
public sealed class AdviseGroundTruthTests(AdviseGroundTruth truth) : IClassFixture<AdviseGroundTruth>
{
    /// <summary>The most a recommendation may cost (in time, or in money) over the truly best plan.</summary>
    private const double AllowedRegret = 1.10;

    /// <summary>The most the recommendation's true sub-optimality at the deadline may exceed the best one's.</summary>
    private const double AllowedLossFactor = 1.5;

    /// <summary>Profiling must cost well under the sweep it replaces: at most this share of the sweep's cluster seconds.</summary>
    private const double AllowedProfilingShare = 0.25;

    [Fact]
    public async Task The_recommendation_reaches_epsilon_within_ten_percent_of_the_fastest_plan()
    {
        var advice = await truth.Advise("--epsilon", AdviseGroundTruth.Epsilon);
        var cells = await truth.ToEpsilon();
        var table = AdviseGroundTruth.Table(cells, advice);

        var reached = cells.Where(c => c.ReachedEpsilon).ToList();
        Assert.True(reached.Count >= 5, $"the problem is too hard to compare plans: only {reached.Count} cells reach ε\n{table}");
        var best = reached.MinBy(c => c.Seconds)!;
        var chosen = advice.Recommendation ?? throw Fail("no recommendation", advice, table);
        var cell = cells.Single(c => c.Is(chosen));
        Assert.True(cell.ReachedEpsilon, $"the recommended {chosen} never reaches ε in the sweep\n{table}");
        Assert.True(
            cell.Seconds <= AllowedRegret * best.Seconds,
            $"the recommended {chosen} takes {cell.Seconds:0.###} s; {best} takes {best.Seconds:0.###} s (regret {cell.Seconds / best.Seconds:0.###})\n{table}");

        // A plan measured while profiling ran the sweep's own run up to ε: its numbers are the sweep's.
        foreach (var plan in advice.Plans.Where(p => p.Measured))
        {
            var same = cells.Single(c => c.Is(plan));
            Assert.True(same.ReachedEpsilon, $"{plan} is marked measured but does not reach ε in the sweep\n{table}");
            Assert.Equal(same.Iterations, plan.PredictedIterations);
            Assert.Equal(same.Seconds, plan.PredictedSeconds!.Value, 1e-9 * same.Seconds);
        }

        var sweepSeconds = cells.Sum(c => c.Seconds);
        Assert.True(
            advice.ProfilingSeconds <= AllowedProfilingShare * sweepSeconds,
            $"profiling took {advice.ProfilingSeconds:0.#} cluster seconds, the whole sweep {sweepSeconds:0.#} " +
            $"(share {advice.ProfilingSeconds / sweepSeconds:0.###})\n{table}");
    }

    [Fact]
    public async Task With_a_deadline_the_recommendation_is_nearly_as_good_as_the_best_plan_at_that_time()
    {
        // The deadline lies between the fastest and the slowest plan's true time to ε, so the plans differ at it.
        var toEpsilon = (await truth.ToEpsilon()).Where(c => c.ReachedEpsilon).ToList();
        Assert.InRange(AdviseGroundTruth.Deadline, toEpsilon.Min(c => c.Seconds), toEpsilon.Max(c => c.Seconds));

        var advice = await truth.Advise("--deadline", AdviseGroundTruth.Deadline.ToString(CultureInfo.InvariantCulture));
        var atDeadline = await truth.AtDeadline();
        var table = string.Join('\n', atDeadline.OrderBy(p => p.Value.Suboptimality).Select(p =>
            $"  {p.Key.Algorithm,-14} m = {p.Key.Machines,2}: {p.Value.Iterations,4} iterations by {AdviseGroundTruth.Deadline} s, " +
            $"P − P* = {p.Value.Suboptimality:0.###e+0}; advise predicted {advice.Find(p.Key.Algorithm, p.Key.Machines)?.PredictedSuboptimality:0.###e+0}"));

        var chosen = advice.Recommendation ?? throw Fail("no recommendation", advice, table);
        var best = atDeadline.MinBy(p => p.Value.Suboptimality);
        Assert.True(atDeadline.TryGetValue((chosen.Algorithm, chosen.Machines), out var mine), $"no truth for {chosen}\n{table}");
        Assert.True(
            mine.Suboptimality <= AllowedLossFactor * best.Value.Suboptimality,
            $"at {AdviseGroundTruth.Deadline} s the recommended {chosen} is at P − P* = {mine.Suboptimality:0.###e+0}; " +
            $"{best.Key.Algorithm} on {best.Key.Machines} is at {best.Value.Suboptimality:0.###e+0}\n{table}");
    }

    [Fact]
    public async Task Optimizing_cost_recommends_a_plan_within_ten_percent_of_the_cheapest()
    {
        const double price = 3.0;
        var advice = await truth.Advise(
            "--epsilon", AdviseGroundTruth.Epsilon, "--price-per-machine-hour", price.ToString(CultureInfo.InvariantCulture), "--optimize", "cost");
        var cells = await truth.ToEpsilon();
        var table = AdviseGroundTruth.Table(cells, advice);
        double Cost(SweepCell c) => c.Machines * c.Seconds * price / 3600;

        var cheapest = cells.Where(c => c.ReachedEpsilon).MinBy(Cost)!;
        var chosen = advice.Recommendation ?? throw Fail("no recommendation", advice, table);
        var cell = cells.Single(c => c.Is(chosen));
        Assert.True(cell.ReachedEpsilon, $"the recommended {chosen} never reaches ε in the sweep\n{table}");
        Assert.True(
            Cost(cell) <= AllowedRegret * Cost(cheapest),
            $"the recommended {chosen} truly costs {Cost(cell):0.#####}; {cheapest} costs {Cost(cheapest):0.#####}\n{table}");
    }

    private static Xunit.Sdk.XunitException Fail(string what, AdvisedGoal advice, string table) =>
        new Xunit.Sdk.XunitException($"{what}: {advice.Explanation}\n{table}");
}

/// <summary>
/// <c>hemingway advise</c> on LIBLINEAR's heart_scale: the JSON contract, goals no plan can meet (answered, with the
/// closest plan, not refused), and bad input (exit code 2, one line).
/// </summary>
public sealed class AdviseTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Json_has_a_recommendation_every_plan_with_its_interval_and_the_profiling_seconds()
    {
        var result = await Advise("--epsilon", "1e-3", "--max-machines", "8", "--json");
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var root = json.RootElement;

        var recommendation = root.GetProperty("recommendation");
        Assert.Equal(JsonValueKind.Object, recommendation.ValueKind);
        Assert.Contains(recommendation.GetProperty("algorithm").GetString(), new[] { "cocoa", "cocoa+", "minibatch-sgd", "local-sgd" });
        Assert.Contains(recommendation.GetProperty("machines").GetInt32(), new[] { 1, 2, 4, 8 });
        Assert.True(recommendation.GetProperty("predicted_seconds").GetDouble() > 0, $"predicted seconds\n{result}");
        Assert.True(recommendation.GetProperty("predicted_iterations").GetInt32() >= 1, $"predicted iterations\n{result}");
        Assert.True(recommendation.GetProperty("predicted_suboptimality").GetDouble() <= 1e-3, $"the recommendation does not reach ε\n{result}");
        Assert.True(root.GetProperty("explanation").ValueKind == JsonValueKind.Null, $"an explanation next to a recommendation\n{result}");

        // Four default algorithms × machines 1, 2, 4, 8; the recommendation leads; plans that meet the goal come first.
        var plans = root.GetProperty("plans").EnumerateArray().ToList();
        Assert.Equal(16, plans.Count);
        Assert.Equal(16, plans.Select(p => (p.GetProperty("algorithm").GetString(), p.GetProperty("machines").GetInt32())).Distinct().Count());
        foreach (var field in new[] { "algorithm", "machines", "predicted_iterations", "predicted_seconds" })
        {
            Assert.Equal(recommendation.GetProperty(field).GetRawText(), plans[0].GetProperty(field).GetRawText());
        }
        var meets = plans.Select(p => p.GetProperty("meets_goal").GetBoolean()).ToList();
        Assert.Equal(meets.OrderByDescending(m => m), meets);
        var meeting = plans.Where(p => p.GetProperty("meets_goal").GetBoolean()).Select(p => p.GetProperty("predicted_seconds").GetDouble()).ToList();
        Assert.Equal(meeting.Order(), meeting);

        foreach (var plan in plans)
        {
            var name = $"{plan.GetProperty("algorithm").GetString()} on {plan.GetProperty("machines").GetInt32()}";
            Assert.True(plan.GetProperty("seconds_per_iteration").GetDouble() > 0, $"{name}: seconds per iteration\n{result}");
            if (Number(plan, "seconds_low") is { } low && Number(plan, "predicted_seconds") is { } seconds && Number(plan, "seconds_high") is { } high)
            {
                Assert.True(low <= seconds && seconds <= high, $"{name}: seconds {low} ≤ {seconds} ≤ {high} does not hold\n{result}");
            }

            if (Number(plan, "suboptimality_low") is { } lowLoss && Number(plan, "predicted_suboptimality") is { } loss && Number(plan, "suboptimality_high") is { } highLoss)
            {
                Assert.True(lowLoss <= loss && loss <= highLoss, $"{name}: P − P* {lowLoss} ≤ {loss} ≤ {highLoss} does not hold\n{result}");
            }

            if (plan.GetProperty("meets_goal").GetBoolean())
            {
                Assert.True(plan.GetProperty("predicted_suboptimality").GetDouble() <= 1e-3, $"{name} meets the goal above ε\n{result}");
            }
        }

        var profiling = root.GetProperty("profiling_seconds").GetDouble();
        var system = root.GetProperty("system_profiling_seconds").GetDouble();
        var convergence = root.GetProperty("convergence_profiling_seconds").GetDouble();
        Assert.True(profiling > 0, $"profiling seconds\n{result}");
        Assert.Equal(system + convergence, profiling, 1e-9 * profiling);
        Assert.True(root.GetProperty("budget_seconds").GetDouble() > 0, $"budget\n{result}");
        Assert.Equal(1e-3, root.GetProperty("goal").GetProperty("epsilon").GetDouble());
        Assert.Equal([1, 2, 4, 8], root.GetProperty("goal").GetProperty("machines").EnumerateArray().Select(m => m.GetInt32()));
    }

    /// <summary>
    /// ε = 1e-12 is out of reach of every plan, as a sweep of the whole grid shows: the answer says so and names the
    /// closest plan, whose true sub-optimality at the limit is near the truly closest one's. With the default budget
    /// and few iterations, the budget (a share of the sweep's cost) is about what timing the system alone costs, so
    /// these cases also check that the default budget leaves room to profile every algorithm's convergence.
    /// </summary>
    [Theory]
    [InlineData(20, null)]
    [InlineData(200, null)]
    [InlineData(200, "30")]
    public async Task An_unreachable_epsilon_is_answered_with_the_closest_plan(int maxIterations, string? budget)
    {
        var iterations = maxIterations.ToString(CultureInfo.InvariantCulture);
        var sweep = await CliProcess.RunAsync(
            "sweep", "--data", CliAssert.HeartScalePath(), "--lambda", "1e-2", "--engine", "sim", "--machines", "1,2,4,8",
            "--target-subopt", "1e-12", "--iterations", iterations, "--store", _folder.File("sweep.db"), "--json");
        CliAssert.Success(sweep);
        using var truth = RunTests.ParseSingleObject(sweep);
        var cells = truth.RootElement.GetProperty("runs").EnumerateArray().ToDictionary(
            r => (r.GetProperty("algorithm").GetString()!, r.GetProperty("machines").GetInt32()),
            r => (Stop: r.GetProperty("stop_reason").GetString(), Suboptimality: r.GetProperty("subopt").GetDouble()));
        Assert.True(cells.Values.All(c => c.Stop == "iteration_limit"), $"some plan truly reaches 1e-12 in {maxIterations} iterations\n{sweep}");

        string[] extra = budget is null ? [] : ["--budget", budget];
        var result = await Advise(["--epsilon", "1e-12", "--max-iterations", iterations, "--max-machines", "8", "--json", .. extra]);
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var root = json.RootElement;

        Assert.True(root.GetProperty("recommendation").ValueKind == JsonValueKind.Null, $"a recommendation for an unreachable ε\n{result}");
        Assert.Equal(16, root.GetProperty("plans").GetArrayLength());
        Assert.All(root.GetProperty("plans").EnumerateArray(), p => Assert.False(p.GetProperty("meets_goal").GetBoolean(), $"a plan meets ε = 1e-12\n{result}"));
        var alternative = root.GetProperty("best_alternative");
        Assert.True(alternative.ValueKind == JsonValueKind.Object, $"no best alternative\n{result}");
        Assert.False(alternative.GetProperty("meets_goal").GetBoolean());

        var explanation = root.GetProperty("explanation").GetString()!;
        var algorithm = alternative.GetProperty("algorithm").GetString()!;
        var machines = alternative.GetProperty("machines").GetInt32();
        Assert.Contains("1e-12", explanation, StringComparison.Ordinal);
        Assert.Contains($"{algorithm} on {machines} machine{(machines == 1 ? "" : "s")}", explanation, StringComparison.Ordinal);
        Assert.Equal(explanation, root.GetProperty("sentence").GetString());

        var closest = cells.Values.Min(c => c.Suboptimality);
        var named = cells[(algorithm, machines)].Suboptimality;
        Assert.True(named <= 10 * closest, $"the named {algorithm} on {machines} truly ends at {named:0.###e+0}, the closest plan at {closest:0.###e+0}\n{sweep}");
    }

    [Fact]
    public async Task A_deadline_shorter_than_one_iteration_is_answered_not_refused()
    {
        var result = await Advise("--deadline", "1e-6", "--max-machines", "8", "--json");
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var root = json.RootElement;

        Assert.True(root.GetProperty("recommendation").ValueKind == JsonValueKind.Null, $"a recommendation for a 1 µs deadline\n{result}");
        Assert.True(root.GetProperty("best_alternative").ValueKind == JsonValueKind.Object, $"no best alternative\n{result}");
        Assert.Contains("shorter than one iteration", root.GetProperty("explanation").GetString()!, StringComparison.Ordinal);
    }

    /// <summary>
    /// Few candidate machine counts are a question like any other: one machine, up to two, or a single larger count
    /// must get a recommendation among them (timing the system and fitting the convergence models must cope).
    /// </summary>
    [Theory]
    [InlineData("--max-machines 1", "1")]
    [InlineData("--max-machines 2", "1,2")]
    [InlineData("--machines 8 --max-machines 8", "8")]
    public async Task Few_candidate_machine_counts_get_a_recommendation_among_them(string arguments, string candidates)
    {
        var result = await Advise(["--epsilon", "1e-3", "--json", .. arguments.Split(' ')]);
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var recommendation = json.RootElement.GetProperty("recommendation");
        Assert.True(recommendation.ValueKind == JsonValueKind.Object, $"no recommendation\n{result}");
        Assert.Contains(recommendation.GetProperty("machines").GetInt32(), candidates.Split(',').Select(int.Parse));
    }

    /// <summary>Arguments after the data (and λ = 1e-2 unless they give one), and the fragments the one error line must contain.</summary>
    public static TheoryData<string, string> BadArguments => new()
    {
        { "--epsilon 0", "--epsilon|got 0" },
        { "--epsilon -1", "--epsilon|-1" },
        { "--max-machines 0", "--max-machines|0" },
        { "--machines 1,x", "--machines|'x'" },
        { "--machines 4,16 --max-machines 8", "--machines|16|8" },
        { "--algorithms foo", "foo" },
        { "--algorithms cocoa,foo", "foo" },
        { "--optimize cost", "price" },
        { "--optimize cost --epsilon 1e-3", "price" },
        { "--deadline 0", "deadline|0" },
        { "--max-iterations 0", "--max-iterations|0" },
        { "--budget -3", "budget|-3" },
        { "--price-per-machine-hour -1", "price|-1" },
        { "--lambda 0", "--lambda|0" },
        { "--max-machines 512", "270 rows|512" },
        { "--machines 1,300 --max-machines 512", "270 rows|300" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_input_is_one_error_line_and_exit_code_2(string arguments, string fragments)
    {
        var result = await CliProcess.RunAsync(
            ["advise", "--data", CliAssert.HeartScalePath(), "--store", _folder.File("a.db"), .. Lambda(arguments), .. arguments.Split(' ')]);
        CliAssert.BadInput(result, fragments.Split('|'));
    }

    [Fact]
    public async Task A_missing_data_file_is_one_error_naming_it()
    {
        var missing = _folder.File("no-such-file.svm");
        var result = await CliProcess.RunAsync("advise", "--data", missing, "--lambda", "1e-2", "--store", _folder.File("a.db"));
        CliAssert.BadInput(result, missing);
    }

    public void Dispose() => _folder.Dispose();

    private static string[] Lambda(string arguments) => arguments.Contains("--lambda", StringComparison.Ordinal) ? [] : ["--lambda", "1e-2"];

    private static double? Number(JsonElement plan, string field) =>
        plan.GetProperty(field).ValueKind == JsonValueKind.Number ? plan.GetProperty(field).GetDouble() : null;

    /// <summary><c>advise</c> on heart_scale at λ = 1e-2 with a private store and the real cache (cost model, P*).</summary>
    private Task<CliResult> Advise(params string[] extra) =>
        CliProcess.RunAsync(["advise", "--data", CliAssert.HeartScalePath(), "--lambda", "1e-2", "--store", _folder.File("a.db"), .. extra]);
}

/// <summary>
/// The ground-truth problem, and the sweeps over its whole grid, each run once for all the tests that need it: to ε
/// (time and cost to ε), and to the deadline (the sub-optimality each plan has at it).
/// </summary>
public sealed class AdviseGroundTruth : IDisposable
{
    public const string Lambda = "3e-3";
    public const string Epsilon = "1e-4";
    public const string Cluster = "spark,compute-scale=5000";
    public const string Machines = "1,2,4,8,16";
    public const string Algorithms = "cocoa,cocoa+,minibatch-sgd,local-sgd";
    public const string MaxIterations = "500";
    public const double Deadline = 3.0;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly TempFolder _folder = new();
    private readonly Lazy<Task<List<SweepCell>>> _toEpsilon;
    private readonly Lazy<Task<Dictionary<(string Algorithm, int Machines), (int Iterations, double Suboptimality)>>> _atDeadline;
    private int _advised;

    public AdviseGroundTruth()
    {
        Data = _folder.File("synthetic.svm");
        LibSvmWriter.Write(RandomProblems.Sparse(4000, 20, 0.5, seed: 1), Data);
        _toEpsilon = new(() => Sweep(_folder.File("to-epsilon.db"), "--target-subopt", Epsilon));
        _atDeadline = new(SweepToDeadline);
    }

    /// <summary>The LIBSVM file of the problem.</summary>
    public string Data { get; }

    /// <summary>Every cell of the grid run to ε or to the iteration limit.</summary>
    public Task<List<SweepCell>> ToEpsilon() => _toEpsilon.Value;

    /// <summary>Every cell's last iteration within <see cref="Deadline"/> simulated seconds, and its sub-optimality.</summary>
    public Task<Dictionary<(string Algorithm, int Machines), (int Iterations, double Suboptimality)>> AtDeadline() => _atDeadline.Value;

    /// <summary><c>advise --json</c> on the problem for a goal, with its own store.</summary>
    public async Task<AdvisedGoal> Advise(params string[] goal)
    {
        var store = _folder.File($"advise-{Interlocked.Increment(ref _advised)}.db");
        var result = await CliProcess.RunAsync(
            ["advise", .. Problem, "--algorithms", Algorithms, "--max-machines", "16", "--max-iterations", MaxIterations, "--store", store, "--json", .. goal],
            environment: null,
            Timeout);
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        return AdvisedGoal.From(json.RootElement);
    }

    /// <summary>The sweep's cells with advise's plans beside them, for a failure message.</summary>
    public static string Table(IEnumerable<SweepCell> cells, AdvisedGoal advice)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"  profiling {advice.ProfilingSeconds:0.##} s; recommendation: {advice.Recommendation?.ToString() ?? "none"}");
        text.AppendLine("  algorithm       m | sweep: iterations  seconds  stop                 | advise: iterations  seconds  measured");
        foreach (var c in cells.OrderBy(c => c.ReachedEpsilon ? c.Seconds : double.MaxValue))
        {
            var plan = advice.Find(c.Algorithm, c.Machines);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {c.Algorithm,-14} {c.Machines,2} | {c.Iterations,17} {c.Seconds,8:0.###}  {c.StopReason,-20} | " +
                $"{plan?.PredictedIterations?.ToString(CultureInfo.InvariantCulture) ?? "–",18} {plan?.PredictedSeconds?.ToString("0.###", CultureInfo.InvariantCulture) ?? "–",8}  {plan?.Measured}");
        }

        return text.ToString();
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The problem, cluster and seed every command of these tests sees (advise always runs on the simulated cluster).</summary>
    public string[] Problem => ["--data", Data, "--lambda", Lambda, "--cluster", Cluster, "--seed", "0"];

    private async Task<List<SweepCell>> Sweep(string store, params string[] stop)
    {
        var result = await CliProcess.RunAsync(
            ["sweep", .. Problem, "--engine", "sim", "--algorithms", Algorithms, "--machines", Machines, "--iterations", MaxIterations, "--store", store, "--json", .. stop],
            environment: null,
            Timeout);
        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var cells = json.RootElement.GetProperty("runs").EnumerateArray().Select(r => new SweepCell(
            r.GetProperty("algorithm").GetString()!,
            r.GetProperty("machines").GetInt32(),
            r.GetProperty("iterations").GetInt32(),
            r.GetProperty("seconds").GetDouble(),
            r.GetProperty("stop_reason").GetString()!)).ToList();
        Assert.Equal(20, cells.Count);
        return cells;
    }

    private async Task<Dictionary<(string Algorithm, int Machines), (int Iterations, double Suboptimality)>> SweepToDeadline()
    {
        var store = _folder.File("to-deadline.db");
        await Sweep(store, "--time-limit", Deadline.ToString(CultureInfo.InvariantCulture));
        var csv = _folder.File("to-deadline.csv");
        var export = await CliProcess.RunAsync("traces", "export", "--store", store, "--out", csv);
        CliAssert.Success(export);

        var lines = File.ReadAllLines(csv);
        var header = SplitCsv(lines[0]);
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidOperationException($"no column {name} in {lines[0]}");
        int algorithm = Column("algorithm"), machines = Column("machines"), iteration = Column("iteration");
        int seconds = Column("simulated_seconds"), subopt = Column("subopt");
        var last = new Dictionary<(string Algorithm, int Machines), (int Iterations, double Suboptimality)>();
        foreach (var line in lines.Skip(1))
        {
            var fields = SplitCsv(line);
            if (double.Parse(fields[seconds], CultureInfo.InvariantCulture) > Deadline)
            {
                continue;
            }

            var key = (fields[algorithm], int.Parse(fields[machines], CultureInfo.InvariantCulture));
            var row = (int.Parse(fields[iteration], CultureInfo.InvariantCulture), double.Parse(fields[subopt], CultureInfo.InvariantCulture));
            if (!last.TryGetValue(key, out var kept) || row.Item1 > kept.Iterations)
            {
                last[key] = row;
            }
        }

        Assert.Equal(20, last.Count);
        return last;
    }

    /// <summary>One CSV line split on commas outside double quotes (the parameters column is quoted).</summary>
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}

/// <summary>One cell of a sweep: an algorithm on m machines, how far it ran and why it stopped.</summary>
public sealed record SweepCell(string Algorithm, int Machines, int Iterations, double Seconds, string StopReason)
{
    public bool ReachedEpsilon => StopReason == "target_suboptimality";

    public bool Is(AdvisedPlan plan) => plan.Algorithm == Algorithm && plan.Machines == Machines;

    public override string ToString() => $"{Algorithm} on {Machines}";
}

/// <summary>The parts of <c>advise --json</c> the ground-truth tests read.</summary>
public sealed record AdvisedGoal(AdvisedPlan? Recommendation, IReadOnlyList<AdvisedPlan> Plans, string? Explanation, double ProfilingSeconds)
{
    public AdvisedPlan? Find(string algorithm, int machines) => Plans.FirstOrDefault(p => p.Algorithm == algorithm && p.Machines == machines);

    public static AdvisedGoal From(JsonElement root)
    {
        var recommendation = root.GetProperty("recommendation");
        return new AdvisedGoal(
            recommendation.ValueKind == JsonValueKind.Object ? AdvisedPlan.From(recommendation) : null,
            [.. root.GetProperty("plans").EnumerateArray().Select(AdvisedPlan.From)],
            root.GetProperty("explanation").GetString(),
            root.GetProperty("profiling_seconds").GetDouble());
    }
}

/// <summary>One plan of <c>advise --json</c>.</summary>
public sealed record AdvisedPlan(string Algorithm, int Machines, int? PredictedIterations, double? PredictedSeconds, double? PredictedSuboptimality, bool Measured)
{
    public static AdvisedPlan From(JsonElement plan) => new(
        plan.GetProperty("algorithm").GetString()!,
        plan.GetProperty("machines").GetInt32(),
        plan.GetProperty("predicted_iterations").ValueKind == JsonValueKind.Number ? plan.GetProperty("predicted_iterations").GetInt32() : null,
        plan.GetProperty("predicted_seconds").ValueKind == JsonValueKind.Number ? plan.GetProperty("predicted_seconds").GetDouble() : null,
        plan.GetProperty("predicted_suboptimality").ValueKind == JsonValueKind.Number ? plan.GetProperty("predicted_suboptimality").GetDouble() : null,
        plan.GetProperty("measured").GetBoolean());

    public override string ToString() => $"{Algorithm} on {Machines}";
}
