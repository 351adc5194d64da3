using System.CommandLine;
using System.Diagnostics;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Optimum;
using Hemingway.Algorithms.Sdca;
using Hemingway.Cli.Output;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary><c>hemingway run</c>: trains one model with one algorithm and reports how it went.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "Optimization algorithm: sdca (stochastic dual coordinate ascent on one machine)",
            DefaultValueFactory = _ => "sdca",
        };
        algorithm.AcceptOnlyFromAmong("sdca");
        var loss = new Option<string>("--loss")
        {
            Description = "Loss φ: hinge (linear SVM), logistic, or squared (ridge regression)",
            DefaultValueFactory = _ => "hinge",
        };
        loss.AcceptOnlyFromAmong([.. LossCatalog.Names]);
        var lambda = new Option<double>("--lambda")
        {
            Description = "L2 regularization λ in P(w) = 1/n Σ φ(y_i, x_i·w) + λ/2 ‖w‖²; must be > 0",
            DefaultValueFactory = _ => 1e-4,
        };
        var iterations = new Option<int>("--iterations")
        {
            Description = "Stop after this many iterations (epochs for sdca)",
            DefaultValueFactory = _ => StopCriteria.DefaultMaxIterations,
            HelpName = "N",
        };
        var targetSubopt = new Option<double?>("--target-subopt")
        {
            Description = "Stop once P(w) − P* ≤ ε (absolute primal sub-optimality, the paper's measure; default: no target)",
            HelpName = "ε",
        };
        var targetGap = new Option<double?>("--target-gap")
        {
            Description = "Stop once the relative duality gap (P − D)/P ≤ this (default: no target)",
            HelpName = "GAP",
        };
        var timeLimit = new Option<double?>("--time-limit")
        {
            Description = "Stop after this many seconds of algorithm time (default: no limit)",
            HelpName = "SECONDS",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed for the order in which examples are visited; the same seed gives the same run bit for bit",
            DefaultValueFactory = _ => 0,
        };
        var noShrinking = new Option<bool>("--no-shrinking")
        {
            Description = "sdca with the hinge loss: visit every example in every epoch instead of skipping those whose dual " +
                "variable has settled at a bound, as LIBLINEAR does (default: shrinking on)",
        };
        var noOptimum = new Option<bool>("--no-optimum")
        {
            Description = "Do not compute P* (solved once per dataset, loss and λ, then cached), so sub-optimality is not reported; " +
                "not allowed with --target-subopt (default: P* is computed)",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object on stdout instead of a table (default: a table)",
        };

        var command = new Command("run", "Train a linear model with one algorithm and report the objective, gap and sub-optimality");
        data.AddTo(command);
        foreach (var option in new Option[] { algorithm, loss, lambda, iterations, targetSubopt, targetGap, timeLimit, seed, noShrinking, noOptimum, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var stdout = parsed.InvocationConfiguration.Output;
            var stderr = parsed.InvocationConfiguration.Error;
            var progress = ProgressLine.ForConsole(stderr);

            var loadClock = Stopwatch.StartNew();
            progress.Update($"loading {parsed.GetValue(data.Data)} …", force: true);
            var dataset = data.Load(parsed);
            var loadSeconds = loadClock.Elapsed.TotalSeconds;
            var problem = new RegularizedProblem(dataset, LossCatalog.Parse(parsed.GetValue(loss)!), parsed.GetValue(lambda));

            var wantsTarget = parsed.GetValue(targetSubopt) is not null;
            if (wantsTarget && parsed.GetValue(noOptimum))
            {
                throw new Core.HemingwayException("--target-subopt needs P*, which --no-optimum turns off");
            }

            var stop = new StopCriteria(
                MaxIterations: parsed.GetValue(iterations),
                TargetSuboptimality: parsed.GetValue(targetSubopt),
                TargetRelativeGap: parsed.GetValue(targetGap),
                TimeLimit: parsed.GetValue(timeLimit) is { } s ? TimeSpan.FromSeconds(s) : null);
            stop.Validate();

            Optimum? optimum = null;
            if (!parsed.GetValue(noOptimum))
            {
                var oracle = new OptimumOracle();
                optimum = oracle.GetOrSolve(problem, r => progress.Update(
                    $"computing P* once for this data, loss and λ: iteration {r.Iteration}, relative gap {Format.Small(r.RelativeGap)}"));
            }

            stop = stop with { OptimalPrimal = optimum?.Primal };
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancellation.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var solver = new SdcaSolver(problem, new SdcaOptions(Seed: parsed.GetValue(seed), Shrinking: !parsed.GetValue(noShrinking)));
                var result = solver.Solve(stop, r => progress.Update(
                    $"epoch {r.Iteration}  P {Format.Objective(r.Primal)}  gap {Format.Small(r.RelativeGap)}  " +
                    $"subopt {Format.Small(r.Suboptimality)}  {Format.Seconds(r.Seconds)}"), cancellation.Token);
                progress.Finish();

                var final = result.Final;
                var report = new RunReport(
                    dataset.Name, dataset.Rows, dataset.Dimension, problem.Loss.Name, problem.Lambda, "sdca", 1,
                    parsed.GetValue(seed), final.Iteration, final.Primal, final.Dual, final.Gap, final.RelativeGap,
                    optimum?.Primal, final.Suboptimality, final.Seconds, loadSeconds, optimum?.Seconds, result.Reason);
                if (parsed.GetValue(json))
                {
                    Json.Write(stdout, report);
                }
                else
                {
                    PrintSummary(stdout, report);
                }

                return result.Reason == StopReason.Cancelled ? CliApp.Interrupted : CliApp.Success;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    private static void PrintSummary(TextWriter output, RunReport report)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("what").AddColumn("value");
        table.AddRow("data", $"{report.Dataset} ({Format.Count(report.Rows)} rows × {Format.Count(report.Features)} features)");
        table.AddRow("problem", $"{report.Loss} loss, λ = {Format.Plain(report.Lambda)}");
        table.AddRow("algorithm", $"{report.Algorithm} on {report.Machines} machine(s), seed {report.Seed}");
        table.AddRow("iterations", Format.Count(report.Iterations));
        table.AddRow("primal P(w)", Format.Objective(report.Primal));
        table.AddRow("dual D(α)", Format.Objective(report.Dual));
        table.AddRow("duality gap", $"{Format.Small(report.Gap)} (relative {Format.Small(report.RelativeGap)})");
        table.AddRow("P*", report.Optimum is { } p ? Format.Objective(p) : "not computed");
        table.AddRow("sub-optimality P − P*", Format.Small(report.Subopt));
        table.AddRow("time", $"{Format.Seconds(report.Seconds)} (loading {Format.Seconds(report.LoadSeconds)})");
        table.AddRow("stopped by", Markup.Escape(report.StopReason.ToString()));
        console.Write(table);
    }
}
