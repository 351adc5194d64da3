using System.CommandLine;
using Hemingway.Algorithms;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Engines.Traces;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary><c>hemingway run</c>: trains one model with one algorithm on m machines, recording every iteration.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var training = new TrainingOptions();
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "sdca (one machine, this process), cocoa, cocoa+ (dual coordinate methods), minibatch-sgd, local-sgd, " +
                "gd or lbfgs (the last two need a smooth loss)",
            DefaultValueFactory = _ => "sdca",
        };
        algorithm.AcceptOnlyFromAmong([.. RunExecutor.AlgorithmNames]);
        var machines = new Option<int>("--machines")
        {
            Description = "m, the number of workers the data is split over (1 ≤ m ≤ rows)",
            DefaultValueFactory = _ => 1,
            HelpName = "m",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object on stdout instead of a table (default: a table)",
        };

        var command = new Command("run", "Train a linear model with one algorithm on m machines and report the objective, gap and sub-optimality");
        training.AddTo(command);
        command.Options.Add(algorithm);
        command.Options.Add(machines);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var settings = training.Bind(parsed);
            var progress = ProgressLine.ForConsole(parsed.InvocationConfiguration.Error);
            var loaded = LoadedProblem.Load(settings, progress);
            using var store = TraceStore.Open(settings.StorePath);
            using var interrupt = new InterruptSignal();
            var report = new RunExecutor(settings, loaded, store).Execute(
                parsed.GetValue(algorithm)!,
                parsed.GetValue(machines),
                row => progress.Update(
                    $"iteration {row.Iteration}  P {Format.Objective(row.Primal)}  subopt {Format.Small(row.Suboptimality)}  " +
                    $"{Format.Seconds(row.SimulatedSeconds ?? row.WallSeconds)}{(row.SimulatedSeconds is null ? "" : " simulated")}"),
                interrupt.Token);
            progress.Finish();

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, report);
            }
            else
            {
                PrintSummary(stdout, report, settings.StorePath);
            }

            return report.StopReason == StopReason.Cancelled ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }

    private static void PrintSummary(TextWriter output, RunReport report, string storePath)
    {
        var console = TableConsole.For(output);
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("what").AddColumn("value");
        var fraction = report.Fraction < 1 ? $", fraction {Format.Plain(report.Fraction)}" : "";
        table.AddRow("data", Markup.Escape($"{report.Dataset} ({Format.Count(report.Rows)} rows × {Format.Count(report.Features)} features{fraction})"));
        table.AddRow("problem", Markup.Escape($"{report.Loss} loss, λ = {Format.Plain(report.Lambda)}"));
        table.AddRow("algorithm", Markup.Escape($"{report.Algorithm} ({report.Parameters}) on {report.Machines} machine(s), seed {report.Seed}"));
        table.AddRow("engine", Markup.Escape(report.Cluster.Length > 0 ? $"{report.Engine} ({report.Cluster})" : report.Engine));
        table.AddRow("iterations", Format.Count(report.Iterations));
        table.AddRow("primal P(w)", Format.Objective(report.Primal));
        if (report.Dual is { } dual)
        {
            table.AddRow("dual D(α)", Format.Objective(dual));
            table.AddRow("duality gap", $"{Format.Small(report.Gap)} (relative {Format.Small(report.RelativeGap)})");
        }

        table.AddRow("P*", report.Optimum is { } p ? Format.Objective(p) : "not computed");
        table.AddRow("sub-optimality P − P*", Format.Small(report.Subopt));
        var time = report.SimulatedSeconds is { } simulated
            ? $"{Format.Seconds(simulated)} simulated ({Format.Seconds(report.Seconds)} here)"
            : Format.Seconds(report.Seconds);
        table.AddRow("time", $"{time}; loading {Format.Seconds(report.LoadSeconds)}");
        if (report.Bytes > 0)
        {
            table.AddRow("communicated", $"{Format.Count(report.Bytes)} bytes");
        }

        table.AddRow("stopped by", Markup.Escape(RunExecutor.StopReasonName(report.StopReason)));
        table.AddRow("trace", Markup.Escape($"run {report.RunId} in {storePath}"));
        console.Write(table);
    }
}
