using System.CommandLine;
using Hemingway.Cli.Output;
using Hemingway.Core.Data;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary><c>hemingway data info|export</c>: look at a dataset, or write it as LIBSVM.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Inspect or convert a dataset");
        command.Subcommands.Add(CreateInfo());
        command.Subcommands.Add(CreateExport());
        return command;
    }

    private static Command CreateInfo()
    {
        var data = new DataOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of a table (default: a table)" };
        var command = new Command("info", "Print rows, features, nonzeros and class balance of a dataset");
        data.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var summary = DataSummary.Of(data.Load(parsed));
            if (parsed.GetValue(json))
            {
                Json.Write(output, summary);
                return CliApp.Success;
            }

            var console = TableConsole.For(output);
            var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("what").AddColumn("value");
            table.AddRow("data", Markup.Escape(summary.Name));
            table.AddRow("rows", Format.Count(summary.Rows));
            table.AddRow("features", Format.Count(summary.Features));
            table.AddRow("nonzeros", $"{Format.Count(summary.NonZeros)} ({summary.Density:P2} dense)");
            table.AddRow("positives (+1)", Format.Count(summary.Positives));
            table.AddRow("negatives (−1)", Format.Count(summary.Negatives));
            if (summary.OtherLabels > 0)
            {
                table.AddRow("other labels", Format.Count(summary.OtherLabels));
            }

            console.Write(table);
            return CliApp.Success;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var data = new DataOptions();
        var output = new Option<FileInfo>("--out")
        {
            Description = "The LIBSVM file to write (1-based indices, labels as read)",
            Required = true,
            HelpName = "FILE.svm",
        };
        var command = new Command("export", "Write a dataset as a LIBSVM file");
        data.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parsed =>
        {
            var dataset = data.Load(parsed);
            var file = parsed.GetValue(output)!;
            LibSvmWriter.Write(dataset, file.FullName);
            parsed.InvocationConfiguration.Error.WriteLine(
                $"wrote {Format.Count(dataset.Rows)} rows × {Format.Count(dataset.Dimension)} features to {file.FullName}");
            return CliApp.Success;
        });
        return command;
    }
}
