using System.CommandLine;
using System.Globalization;
using Hemingway.Advisor.Adaptive;
using Hemingway.Advisor.Profiling;
using Hemingway.Cli.Advice;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Engines.Traces;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway train</c>: advise, then run the recommended plan to ε on the simulated cluster; with
/// <c>--adaptive</c> the run re-plans the number of machines after every time frame, as the losses arrive.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new AdviceOptions();
        var adaptive = new Option<bool>("--adaptive") { Description = "Re-plan the number of machines after every time frame from the losses so far (default: run the recommended plan as it is)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of text (default: text)" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report with the profiling, the models, the plans and this run", HelpName = "FILE.html" };
        var startMachines = new Option<int?>("--start-machines")
        {
            Description = "Start on this many machines (one of the candidates) with the recommended algorithm, instead of the recommended plan's m",
            HelpName = "m",
        };
        var command = new Command("train", "Advise, then run the recommended plan to the goal, optionally re-planning as it goes (--adaptive)");
        options.AddTo(command);
        command.Options.Add(adaptive);
        command.Options.Add(json);
        command.Options.Add(startMachines);
        command.Options.Add(report);
        command.SetAction(parsed =>
        {
            var goal = options.Goal(parsed);
            if (goal.Epsilon is null)
            {
                throw new HemingwayException("train runs to a target sub-optimality: give --epsilon (a deadline alone is for advise)");
            }

            var settings = options.Training(parsed, goal.Epsilon);
            options.RequireSimulated(parsed, "train runs the plan on the simulated cluster");
            var algorithms = options.Algorithms(parsed);
            var progress = ProgressLine.ForConsole(parsed.InvocationConfiguration.Error);
            using var interrupt = new InterruptSignal();
            var (advice, loaded) = AdviceRun.Execute(settings, goal, algorithms, options.Budget(parsed), progress, interrupt.Token);
            var start = parsed.GetValue(startMachines) is { } m ? StartPlan(advice, m) : null;
            var outcome = Train(advice, loaded, settings, goal, algorithms, parsed.GetValue(adaptive), progress, interrupt.Token, start);
            progress.Finish();
            if (parsed.GetValue(report) is { } reportPath)
            {
                AdviceReport.Write(advice, settings, reportPath, outcome);
            }

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, Describe(outcome, advice));
            }
            else
            {
                stdout.WriteLine(AdviceText.Sentence(advice));
                foreach (var s in outcome.Switches)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"after iteration {s.Iteration} ({s.Seconds:0.#} s, P − P* = {s.Suboptimality:0.##e+0}): {s.FromMachines} → {s.ToMachines} machines; {s.Reason}"));
                }

                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{outcome.Algorithm}: {(outcome.ReachedGoal ? "reached" : "did not reach")} P − P* ≤ {goal.Epsilon:0.##e+0} after {outcome.Iterations} iterations, " +
                    $"{outcome.Seconds:0.#} s, {outcome.Switches.Count} switches, {outcome.Frames} frames; runs {string.Join(", ", outcome.RunIds)}"));
            }

            return interrupt.Token.IsCancellationRequested ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }

    /// <summary>Runs the recommendation, adaptively or not, recording every segment in the store.</summary>
    public static AdaptiveOutcome Train(
        Advisor.Profiling.Advice advice, LoadedProblem loaded, TrainingSettings settings, Modeling.Planning.PlanningGoal goal,
        IReadOnlyList<string> algorithms, bool adaptive, ProgressLine progress, CancellationToken cancellation, Modeling.Planning.Plan? start = null)
    {
        using var store = TraceStore.Open(settings.StorePath);
        var optimum = loaded.Optimum!.Primal;
        var trainer = new AdaptiveTrainer(
            loaded.Problem, optimum, EngineFactory.Simulated(settings), new StoreRecorder(store, settings, optimum), text => progress.Update(text));
        return trainer.Run(advice, new ProfileOptions(algorithms, settings.Algorithm, goal, settings.Seed), adaptive, start, cancellation);
    }

    /// <summary>The plan of the recommended algorithm (or the closest alternative's) on <paramref name="machines"/> machines.</summary>
    private static Modeling.Planning.Plan StartPlan(Advisor.Profiling.Advice advice, int machines)
    {
        var algorithm = (advice.Planning.Recommendation ?? advice.Planning.BestAlternative ?? advice.Planning.Plans[0]).Algorithm;
        return advice.Planning.Plans.FirstOrDefault(p => p.Algorithm == algorithm && p.Machines == machines)
            ?? throw new HemingwayException($"--start-machines {machines} is not one of the candidate machine counts ({string.Join(", ", advice.Planning.Goal.Machines)})");
    }

    /// <summary>The JSON of an outcome.</summary>
    public static object Describe(AdaptiveOutcome outcome, Advisor.Profiling.Advice advice) => new
    {
        algorithm = outcome.Algorithm,
        start_machines = outcome.StartMachines,
        reached_goal = outcome.ReachedGoal,
        iterations = outcome.Iterations,
        seconds = outcome.Seconds,
        suboptimality = outcome.Suboptimality,
        frames = outcome.Frames,
        switches = outcome.Switches.Select(s => new
        {
            iteration = s.Iteration,
            seconds = s.Seconds,
            suboptimality = s.Suboptimality,
            from_machines = s.FromMachines,
            to_machines = s.ToMachines,
            reason = s.Reason,
        }).ToList(),
        run_ids = outcome.RunIds,
        profiling_seconds = advice.ProfilingSeconds,
    };
}
