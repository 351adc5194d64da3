using System.CommandLine;
using System.Globalization;
using Hemingway.Cli.Advice;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Engines.Traces;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway evaluate</c>: Hemingway's own regret. Runs <c>advise</c>, then the exhaustive sweep (every algorithm ×
/// m to ε or the iteration limit, shared with <c>sweep</c> and resumable) as ground truth, and prints the regret —
/// the recommended plan's true time (or cost, or loss at the deadline) over the best plan's — and what profiling cost
/// next to the sweep.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var options = new AdviceOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of a table (default: a table)" };
        var command = new Command("evaluate", "Measure advise's regret against the exhaustive sweep of every algorithm and machine count");
        options.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var goal = options.Goal(parsed);
            var settings = options.Training(parsed, goal.Epsilon);
            options.RequireSimulated(parsed, "evaluate compares with a sweep on the simulated cluster");
            var algorithms = options.Algorithms(parsed);
            var progress = ProgressLine.ForConsole(parsed.InvocationConfiguration.Error);
            using var interrupt = new InterruptSignal();
            var (advice, loaded) = AdviceRun.Execute(settings, goal, algorithms, options.Budget(parsed), progress, interrupt.Token);
            var grid = (from a in algorithms from m in goal.Machines select (a, m)).ToList();
            using var store = TraceStore.Open(settings.StorePath);
            var sweep = new SweepRunner(settings, loaded, store);
            sweep.Validate(grid);
            var cells = sweep.Run(grid, progress, interrupt.Token);
            if (cells.Count < grid.Count)
            {
                progress.Finish();
                return CliApp.Interrupted;
            }

            var truths = cells.Select(c => GroundTruth.Of(c, store, goal)).ToList();
            var adaptive = goal.Epsilon is not null && advice.Planning.Recommendation is not null
                ? TrainCommand.Train(advice, loaded, settings, goal, algorithms, adaptive: true, progress, interrupt.Token)
                : null;
            progress.Finish();
            var best = truths.Where(t => t.Score(goal) is not null).OrderBy(t => t.Score(goal)).ThenBy(t => t.Machines).FirstOrDefault();
            var chosen = advice.Planning.Recommendation;
            var recommended = chosen is null ? null : truths.Single(t => t.Algorithm == chosen.Algorithm && t.Machines == chosen.Machines);
            var sweepSeconds = truths.Sum(t => t.RunSeconds);
            double? regret = best?.Score(goal) is { } b && recommended?.Score(goal) is { } r ? (b > 0 ? r / b : r == 0 ? 1 : double.PositiveInfinity) : null;
            var result = new
            {
                regret,
                profiling_cost_ratio = advice.ProfilingSeconds / sweepSeconds,
                profiling_seconds = advice.ProfilingSeconds,
                sweep_seconds = sweepSeconds,
                recommended = recommended is null ? null : Describe(recommended, chosen!.PredictedSeconds, chosen.PredictedIterations),
                best = best is null ? null : Describe(best, null, null),
                adaptive = adaptive is null ? null : new
                {
                    reached_goal = adaptive.ReachedGoal,
                    seconds = adaptive.Seconds,
                    iterations = adaptive.Iterations,
                    switches = adaptive.Switches.Count,
                    ratio_to_best = adaptive.ReachedGoal && best?.Seconds is { } bestSeconds ? adaptive.Seconds / bestSeconds : (double?)null,
                    run_ids = adaptive.RunIds,
                },
                explanation = Explain(recommended, best, chosen is null ? advice.Planning.Explanation : null),
                cells = truths.Select(t => Describe(t, null, null)).ToList(),
            };
            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, result);
            }
            else
            {
                PrintTable(stdout, truths, recommended, best);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"regret {(regret is { } g ? g.ToString("0.###", CultureInfo.InvariantCulture) : "–")}; profiling {advice.ProfilingSeconds:0.#} s = {result.profiling_cost_ratio:0.###} of the sweep's {sweepSeconds:0.#} s"));
                stdout.WriteLine(result.explanation);
                if (result.adaptive is { } a)
                {
                    var ratio = a.ratio_to_best is { } q ? string.Create(CultureInfo.InvariantCulture, $", {q:0.###} × the best fixed plan") : "";
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"adaptive run: {(a.reached_goal ? "reached the goal" : "did not reach the goal")} in {a.seconds:0.#} s with {a.switches} switches{ratio}"));
                }
            }

            return CliApp.Success;
        });
        return command;
    }

    private static object Describe(GroundTruth t, double? predictedSeconds, int? predictedIterations) => new
    {
        algorithm = t.Algorithm,
        machines = t.Machines,
        true_iterations = t.Iterations,
        true_seconds = t.Seconds,
        true_suboptimality = t.Suboptimality,
        true_cost = t.Cost,
        predicted_seconds = predictedSeconds,
        predicted_iterations = predictedIterations,
        run_id = t.RunId,
    };

    private static string Explain(GroundTruth? recommended, GroundTruth? best, string? noPlan)
    {
        if (best is null)
        {
            return "No plan of the sweep met the goal either" + (noPlan is null ? "." : $"; advise said: {noPlan}");
        }

        if (recommended is null)
        {
            return $"advise recommended nothing ({noPlan}), but {best.Algorithm} on {AdviceText.Machines(best.Machines)} met the goal.";
        }

        return recommended == best
            ? $"advise recommended the best plan: {best.Algorithm} on {AdviceText.Machines(best.Machines)}."
            : $"advise recommended {recommended.Algorithm} on {AdviceText.Machines(recommended.Machines)}; the best was {best.Algorithm} on {AdviceText.Machines(best.Machines)}.";
    }

    private static void PrintTable(TextWriter output, List<GroundTruth> truths, GroundTruth? recommended, GroundTruth? best)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("algorithm").AddColumn(new TableColumn("m").RightAligned()).AddColumn(new TableColumn("iterations").RightAligned())
            .AddColumn(new TableColumn("true time").RightAligned()).AddColumn(new TableColumn("P − P*").RightAligned()).AddColumn("");
        foreach (var t in truths)
        {
            var mark = t == recommended && t == best ? "recommended, best" : t == recommended ? "recommended" : t == best ? "best" : "";
            table.AddRow(
                Markup.Escape(t.Algorithm), t.Machines.ToString(CultureInfo.InvariantCulture), t.Iterations?.ToString(CultureInfo.InvariantCulture) ?? "–",
                AdviceText.Seconds(t.Seconds), AdviceText.Small(t.Suboptimality), mark);
        }

        TableConsole.For(output).Write(table);
    }
}
