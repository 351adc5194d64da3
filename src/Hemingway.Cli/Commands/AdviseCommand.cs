using System.CommandLine;
using System.Globalization;
using Hemingway.Cli.Advice;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway advise</c>: profiles the algorithms cheaply on the simulated cluster, fits the system and convergence
/// models, and recommends the algorithm and number of machines for the goal, with a ranked table of every plan.
/// </summary>
internal static class AdviseCommand
{
    public static Command Create()
    {
        var options = new AdviceOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of a table (default: a table)" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report with the figures to this file", HelpName = "FILE.html" };
        var command = new Command("advise", "Profile cheaply, fit the models and recommend the algorithm and number of machines for a goal");
        options.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(report);
        command.SetAction(parsed =>
        {
            var goal = options.Goal(parsed);
            var settings = options.Training(parsed, goal.Epsilon);
            var algorithms = options.Algorithms(parsed);
            var progress = ProgressLine.ForConsole(parsed.InvocationConfiguration.Error);
            using var interrupt = new InterruptSignal();
            var (advice, loaded) = AdviceRun.Execute(settings, goal, algorithms, options.Budget(parsed), progress, interrupt.Token, options.Mpi(parsed));
            progress.Finish();
            var reportPath = parsed.GetValue(report);
            if (reportPath is not null)
            {
                AdviceReport.Write(advice, settings, reportPath);
            }

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, AdviceJson.From(advice, settings.DataSpec, loaded.Optimum!.Primal, reportPath));
            }
            else
            {
                PrintTable(stdout, advice);
                stdout.WriteLine(AdviceText.Sentence(advice));
                if (reportPath is not null)
                {
                    stdout.WriteLine($"report: {reportPath}");
                }
            }

            return interrupt.Token.IsCancellationRequested ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }

    private static void PrintTable(TextWriter output, Advisor.Profiling.Advice advice)
    {
        var console = TableConsole.For(output);
        var planning = advice.Planning;
        var priced = planning.Goal.PricePerMachineHour is not null;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn("algorithm").AddColumn(new TableColumn("m").RightAligned())
            .AddColumn(new TableColumn("iterations").RightAligned()).AddColumn(new TableColumn("time").RightAligned())
            .AddColumn("likely range").AddColumn(new TableColumn("P − P* at end").RightAligned());
        if (priced)
        {
            table.AddColumn(new TableColumn("cost").RightAligned());
        }

        table.AddColumn("goal");
        var rank = 0;
        foreach (var plan in planning.Plans)
        {
            rank++;
            var measured = advice.Measured.Contains((plan.Algorithm, plan.Machines));
            var cells = new List<string>
            {
                rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(plan.Algorithm),
                plan.Machines.ToString(CultureInfo.InvariantCulture),
                plan.PredictedIterations?.ToString(CultureInfo.InvariantCulture) ?? $"> {plan.IterationLimit}",
                AdviceText.Seconds(plan.PredictedSeconds),
                measured ? "measured" : Markup.Escape(AdviceText.Range(plan)),
                AdviceText.Small(plan.PredictedSuboptimality),
            };
            if (priced)
            {
                cells.Add(plan.PredictedCost?.ToString("0.####", CultureInfo.InvariantCulture) ?? "–");
            }

            cells.Add(plan.MeetsGoal ? "met" : "missed");
            table.AddRow([.. cells]);
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profiling: {advice.ProfilingSeconds:0.#} cluster seconds of a {advice.BudgetSeconds:0.#} s budget (system {advice.SystemSeconds:0.#} s, convergence {advice.ConvergenceSeconds:0.#} s)"));
    }
}
