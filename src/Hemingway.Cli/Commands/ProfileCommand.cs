using System.CommandLine;
using System.Globalization;
using Hemingway.Cli.Advice;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Modeling;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway profile</c>: the profiling half of <c>advise</c> on its own — what it chose to run under the budget,
/// what each run cost, and the models it fitted, optionally saved for <c>predict</c> and <c>validate</c>.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var options = new AdviceOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of a table (default: a table)" };
        var outDir = new Option<string?>("--out") { Description = "Save each algorithm's models (convergence + Ernest) as ALGORITHM.json in this directory", HelpName = "DIR" };
        var command = new Command("profile", "Profile the algorithms cheaply under a budget and fit their system and convergence models");
        options.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(outDir);
        command.SetAction(parsed =>
        {
            var goal = options.Goal(parsed);
            var settings = options.Training(parsed, goal.Epsilon);
            var progress = ProgressLine.ForConsole(parsed.InvocationConfiguration.Error);
            using var interrupt = new InterruptSignal();
            var (advice, _) = AdviceRun.Execute(settings, goal, options.Algorithms(parsed), options.Budget(parsed), progress, interrupt.Token, options.Mpi(parsed));
            progress.Finish();
            var saved = new List<string>();
            if (parsed.GetValue(outDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                foreach (var a in advice.Algorithms.Where(a => a.Convergence is not null))
                {
                    var path = Path.Combine(dir, a.Algorithm.Replace('+', 'p') + ".json");
                    new ModelBundle(a.Convergence!, a.System).Save(path);
                    saved.Add(path);
                }
            }

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, new
                {
                    budget_seconds = advice.BudgetSeconds,
                    profiling_seconds = advice.ProfilingSeconds,
                    system_seconds = advice.SystemSeconds,
                    convergence_seconds = advice.ConvergenceSeconds,
                    algorithms = advice.Algorithms.Select(a => new
                    {
                        algorithm = a.Algorithm,
                        system_points = a.SystemPoints.Select(p => new { machines = p.Machines, fraction = p.Fraction, seconds = p.Seconds }).ToList(),
                        system_theta = a.System.Theta,
                        convergence_log10_error = a.Convergence?.CrossValidatedLog10Error,
                        convergence_problem = a.Problem,
                        runs = a.Runs.Select(r => new { machines = r.Machines, iterations = r.Iterations, seconds = r.Seconds[^1], suboptimality = r.Suboptimality[^1] }).ToList(),
                    }).ToList(),
                    refinement = advice.Steps,
                    saved,
                });
                return CliApp.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("algorithm").AddColumn(new TableColumn("m").RightAligned())
                .AddColumn(new TableColumn("iterations").RightAligned()).AddColumn(new TableColumn("cluster s").RightAligned()).AddColumn(new TableColumn("P − P*").RightAligned());
            foreach (var a in advice.Algorithms)
            {
                foreach (var r in a.Runs)
                {
                    table.AddRow(Markup.Escape(a.Algorithm), r.Machines.ToString(CultureInfo.InvariantCulture), r.Iterations.ToString(CultureInfo.InvariantCulture),
                        AdviceText.Seconds(r.Seconds[^1]), AdviceText.Small(r.Suboptimality[^1]));
                }
            }

            TableConsole.For(stdout).Write(table);
            foreach (var a in advice.Algorithms)
            {
                var theta = string.Join(", ", a.System.Theta.Select(t => t.ToString("G4", CultureInfo.InvariantCulture)));
                var convergence = a.Convergence is { } c
                    ? string.Create(CultureInfo.InvariantCulture, $"convergence model cross-validated log10 error {c.CrossValidatedLog10Error:0.###}")
                    : $"no convergence model: {a.Problem}";
                stdout.WriteLine($"{a.Algorithm}: Ernest θ = [{theta}] from {a.SystemPoints.Count} points; {convergence}");
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"profiling: {advice.ProfilingSeconds:0.#} cluster seconds of a {advice.BudgetSeconds:0.#} s budget"));
            foreach (var path in saved)
            {
                stdout.WriteLine($"saved {path}");
            }

            return interrupt.Token.IsCancellationRequested ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }
}
