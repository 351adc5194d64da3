using System.CommandLine;
using System.Globalization;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Engines.Traces;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway sweep</c>: runs every (algorithm, m) of a grid into the trace store, with one overall progress bar and a
/// results table. Each cell is keyed by its full configuration, so a sweep run again skips the cells that finished and
/// redoes the one that was interrupted.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var training = new TrainingOptions();
        var algorithms = new Option<string>("--algorithms")
        {
            Description = "Comma-separated algorithms: " + string.Join(", ", RunExecutor.AlgorithmNames),
            DefaultValueFactory = _ => "cocoa,cocoa+,minibatch-sgd,local-sgd",
            HelpName = "A,B,…",
        };
        var machines = new Option<string>("--machines")
        {
            Description = "Comma-separated numbers of machines",
            DefaultValueFactory = _ => "1,2,4,8,16,32,64,128",
            HelpName = "m1,m2,…",
        };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object on stdout instead of a table (default: a table)" };
        var command = new Command("sweep", "Run a grid of algorithms × numbers of machines into the trace store (resumable)");
        training.AddTo(command);
        command.Options.Add(algorithms);
        command.Options.Add(machines);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var settings = training.Bind(parsed);
            var grid = (from a in ParseAlgorithms(parsed.GetValue(algorithms)!) from m in ParseMachines(parsed.GetValue(machines)!) select (a, m)).ToList();
            var progress = ProgressLine.ForConsole(parsed.InvocationConfiguration.Error);
            var loaded = LoadedProblem.Load(settings, progress);
            using var store = TraceStore.Open(settings.StorePath);
            using var interrupt = new InterruptSignal();
            var sweep = new SweepRunner(settings, loaded, store);
            sweep.Validate(grid);
            var results = sweep.Run(grid, progress, interrupt.Token);
            progress.Finish();
            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, new { store = settings.StorePath, runs = results });
            }
            else
            {
                PrintTable(stdout, results, settings);
            }

            return results.Count < grid.Count ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }

    private static List<string> ParseAlgorithms(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();
        foreach (var name in names.Where(n => !RunExecutor.AlgorithmNames.Contains(n)))
        {
            throw new HemingwayException($"--algorithms: unknown algorithm '{name}': expected some of {string.Join(", ", RunExecutor.AlgorithmNames)}");
        }

        return names.Count > 0 ? names : throw new HemingwayException("--algorithms: give at least one algorithm");
    }

    /// <summary>A comma-separated list of machine counts, each ≥ 1, as <c>--machines</c> takes it.</summary>
    public static List<int> ParseMachines(string text)
    {
        var values = new List<int>();
        foreach (var token in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m < 1)
            {
                throw new HemingwayException($"--machines: '{token}' is not a whole number ≥ 1");
            }

            values.Add(m);
        }

        return values.Count > 0 ? values : throw new HemingwayException("--machines: give at least one number of machines");
    }

    private static void PrintTable(TextWriter output, List<SweepResult> results, TrainingSettings settings)
    {
        var console = TableConsole.For(output);
        var clock = settings.Engine == "sim" ? "simulated s" : "s";
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("algorithm").AddColumn(new TableColumn("m").RightAligned()).AddColumn(new TableColumn("iterations").RightAligned())
            .AddColumn(new TableColumn("sub-optimality").RightAligned()).AddColumn(new TableColumn($"time ({clock})").RightAligned())
            .AddColumn(new TableColumn($"per iteration ({clock})").RightAligned()).AddColumn("stopped by").AddColumn("run");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Algorithm),
                r.Machines.ToString(CultureInfo.InvariantCulture),
                Format.Count(r.Iterations),
                Format.Small(r.Subopt),
                Format.Plain(r.Seconds),
                Format.Small(r.SecondsPerIteration),
                Markup.Escape(r.StopReason),
                Markup.Escape(r.Resumed ? $"{r.RunId} (earlier)" : r.RunId));
        }

        console.Write(table);
        console.WriteLine($"traces in {settings.StorePath}");
    }
}
