using System.CommandLine;
using Hemingway.Cli.Output;
using Hemingway.Core;
using Hemingway.Engines.Traces;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway traces list|export|import</c>: look at the runs in the trace store, and move traces in and out of it
/// as CSV (one line per iteration), for instance to bring in traces of a Spark job.
/// </summary>
internal static class TracesCommand
{
    public static Command Create()
    {
        var command = new Command("traces", "List the recorded runs, or export and import traces as CSV");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateExport());
        command.Subcommands.Add(CreateImport());
        return command;
    }

    private static Command CreateList()
    {
        var store = StoreOption();
        var filters = new FilterOptions();
        var json = new Option<bool>("--json")
        {
            Description = "Print a JSON array with one object per run on stdout instead of a table (default: a table)",
        };
        var command = new Command("list", "List the runs in the trace store, oldest first: what ran, how far it got and why it stopped");
        command.Options.Add(store);
        filters.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            using var traces = OpenStore(parsed, store);
            var runs = traces.ListRuns(filters.Filter(parsed));
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(output, runs.Select(RunListing.Of).ToList());
            }
            else if (runs.Count == 0)
            {
                output.WriteLine($"no runs in {traces.FilePath}{(filters.Any(parsed) ? " match the filters" : "")}");
            }
            else
            {
                PrintTable(output, runs);
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var store = StoreOption();
        var filters = new FilterOptions();
        var output = new Option<FileInfo>("--out")
        {
            Description = "The CSV file to write, one line per iteration, header first (replaced if it exists)",
            Required = true,
            HelpName = "FILE.csv",
        };
        var run = new Option<string?>("--run")
        {
            Description = "Export only the run with this id (default: every run that matches the other filters)",
            HelpName = "ID",
        };
        var command = new Command("export", "Write traces from the trace store as CSV (run fields repeated on every iteration line)");
        command.Options.Add(store);
        command.Options.Add(output);
        command.Options.Add(run);
        filters.AddTo(command);
        command.SetAction(parsed =>
        {
            using var traces = OpenStore(parsed, store);
            var filter = filters.Filter(parsed) with { RunId = parsed.GetValue(run) };
            if (traces.ListRuns(filter).Count == 0)
            {
                throw new HemingwayException(filter.RunId is { } id && traces.FindRun(id) is null
                    ? $"run '{id}' is not in the trace store {traces.FilePath}"
                    : $"no runs in the trace store {traces.FilePath} match the filters; nothing to export");
            }

            var file = parsed.GetValue(output)!;
            var counts = TraceCsv.ExportFile(traces, file.FullName, filter);
            parsed.InvocationConfiguration.Error.WriteLine(
                $"wrote {Format.Count(counts.Rows)} rows of {Plural(counts.Runs, "run")} to {file.FullName}");
            return CliApp.Success;
        });
        return command;
    }

    private static Command CreateImport()
    {
        var store = StoreOption();
        var input = new Option<FileInfo>("--file")
        {
            Description = "The CSV file to import: columns " + string.Join(",", TraceCsv.Columns) + " in any order; required " +
                string.Join(",", TraceCsv.RequiredColumns) + " and wall_seconds or simulated_seconds; an empty cell is null",
            Required = true,
            HelpName = "FILE.csv",
        };
        var replace = new Option<bool>("--replace")
        {
            Description = "Replace runs whose id is already in the store, with all their iterations " +
                "(default: such a run is an error and nothing is imported)",
        };
        var command = new Command("import", "Add traces from a CSV file (for instance written by a Spark job) to the trace store, all or nothing");
        command.Options.Add(store);
        command.Options.Add(input);
        command.Options.Add(replace);
        command.SetAction(parsed =>
        {
            using var traces = OpenStore(parsed, store);
            var file = parsed.GetValue(input)!;
            var counts = TraceCsv.Import(traces, file.FullName, parsed.GetValue(replace));
            parsed.InvocationConfiguration.Output.WriteLine(
                $"imported {Plural(counts.Runs, "run")} ({Format.Count(counts.Rows)} rows) from {file.FullName} into {traces.FilePath}");
            return CliApp.Success;
        });
        return command;
    }

    private static Option<string?> StoreOption() => new("--store")
    {
        Description = "The trace store, an SQLite file, created if missing (default: traces.db in the cache folder, " +
            "$HEMINGWAY_CACHE or .cache/ of the checkout)",
        HelpName = "PATH",
    };

    private static TraceStore OpenStore(ParseResult parsed, Option<string?> store) =>
        TraceStore.Open(parsed.GetValue(store) is { Length: > 0 } path ? path : TraceStore.DefaultPath);

    private static string Plural(int count, string noun) => $"{Format.Count(count)} {noun}{(count == 1 ? "" : "s")}";

    private static void PrintTable(TextWriter output, IReadOnlyList<RunSummary> runs)
    {
        var console = TableConsole.For(output);

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "run id", "dataset", "algorithm", "engine/cluster", "m", "fraction", "iterations", "last primal", "last subopt", "stop reason" })
        {
            table.AddColumn(column);
        }

        foreach (var column in new[] { 4, 5, 6, 7, 8 })
        {
            table.Columns[column].RightAligned();
        }

        foreach (var run in runs)
        {
            var info = run.Info;
            table.AddRow(
                Markup.Escape(info.RunId),
                Markup.Escape(info.Dataset),
                Markup.Escape(info.Algorithm),
                Markup.Escape(info.Cluster.Length == 0 ? info.Engine : $"{info.Engine}/{info.Cluster}"),
                Format.Count(info.Machines),
                Format.Plain(info.DataFraction),
                run.Last is null ? "–" : Format.Count(run.Iterations),
                run.Last is { } last ? Format.Objective(last.Primal) : "–",
                Format.Small(run.Last?.Suboptimality),
                Markup.Escape(run.Status));
        }

        console.Write(table);
    }

    /// <summary>The filters shared by <c>list</c> and <c>export</c>.</summary>
    private sealed class FilterOptions
    {
        private readonly Option<string?> _algorithm = new("--algorithm")
        {
            Description = "Only runs of this algorithm, e.g. cocoa, cocoa+, minibatch-sgd (default: every algorithm)",
            HelpName = "NAME",
        };

        private readonly Option<string?> _dataset = new("--dataset")
        {
            Description = "Only runs on this dataset, as recorded (e.g. mnist:5) (default: every dataset)",
            HelpName = "SPEC",
        };

        private readonly Option<string?> _engine = new("--engine")
        {
            Description = "Only runs on this engine: inproc, sim, mpi, imported, … (default: every engine)",
            HelpName = "NAME",
        };

        private readonly Option<int?> _machines = new("--machines")
        {
            Description = "Only runs on this many machines m (default: any number)",
            HelpName = "M",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(_algorithm);
            command.Options.Add(_dataset);
            command.Options.Add(_engine);
            command.Options.Add(_machines);
        }

        public RunFilter Filter(ParseResult parsed) => new(
            Algorithm: parsed.GetValue(_algorithm),
            Dataset: parsed.GetValue(_dataset),
            Engine: parsed.GetValue(_engine),
            Machines: parsed.GetValue(_machines));

        public bool Any(ParseResult parsed) => Filter(parsed) != RunFilter.All;
    }

    /// <summary>
    /// One run in <c>traces list --json</c>: the run's fields, its last row's (a wall time that was not measured, as
    /// in a trace imported with simulated time only, is null), and its status.
    /// </summary>
    private sealed record RunListing(
        string RunId,
        string Dataset,
        string Loss,
        double Lambda,
        string Algorithm,
        string Parameters,
        string Engine,
        string Cluster,
        int Machines,
        double DataFraction,
        int Seed,
        double? OptimalPrimal,
        DateTimeOffset Started,
        string? Config,
        int Rows,
        int Iterations,
        double? LastWallSeconds,
        double? LastSimulatedSeconds,
        long? LastBytes,
        double? LastPrimal,
        double? LastDual,
        double? LastGap,
        double? LastSubopt,
        string? StopReason,
        string Status,
        DateTimeOffset? Finished)
    {
        public static RunListing Of(RunSummary run)
        {
            var info = run.Info;
            var last = run.Last;
            return new RunListing(
                info.RunId, info.Dataset, info.Loss, info.Lambda, info.Algorithm, info.Parameters, info.Engine, info.Cluster,
                info.Machines, info.DataFraction, info.Seed, info.OptimalPrimal, info.Started, run.Config, run.RowCount,
                run.Iterations, last is { WallSeconds: var wall } && !double.IsNaN(wall) ? wall : null, last?.SimulatedSeconds, last?.Bytes, last?.Primal, last?.Dual, last?.Gap,
                last?.Suboptimality, run.StopReason, run.Status, run.Finished);
        }
    }
}
