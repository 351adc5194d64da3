using System.CommandLine;
using System.Globalization;
using Hemingway.Cli.Output;
using Hemingway.Modeling;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.SystemModel;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway fit</c>: fits an algorithm's convergence model g(i, m) of its sub-optimality (or, with
/// <c>--target</c>, of its duality gap or test error) on its traces, and Ernest's system model f(m)
/// on their time per iteration when the traces cover enough machine counts, and saves both as one JSON file.
/// </summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var selection = new TraceSelectionOptions();
        var output = new Option<FileInfo>("--out") { Description = "The model file to write (required)", Required = true, HelpName = "model.json" };
        var json = new Option<bool>("--json") { Description = "Print the fitted model as JSON instead of a summary (default: a summary)" };
        var command = new Command("fit", "Fit the convergence model g(i, m) (LassoCV on log sub-optimality, duality gap or test error) and the system model f(m) (Ernest) from traces");
        selection.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var traces = selection.Load(parsed);
            var target = selection.Target(parsed);
            var convergence = ConvergenceModel.Fit(traces.Algorithm, traces.Observations(target), target: target);
            var points = traces.SystemPoints();
            var system = points.Select(p => p.Machines).Distinct().Count() >= ErnestModel.FeatureCount ? ErnestModel.Fit(points, "traces") : null;
            var bundle = new ModelBundle(convergence, system);
            var path = parsed.GetValue(output)!.FullName;
            bundle.Save(path);

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                stdout.WriteLine(File.ReadAllText(path));
                return CliApp.Success;
            }

            var file = convergence.File;
            var console = TableConsole.For(stdout);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("feature").AddColumn(new TableColumn("coefficient").RightAligned());
            table.AddRow("intercept", file.Intercept.ToString("G6", CultureInfo.InvariantCulture));
            for (var j = 0; j < file.Features.Length; j++)
            {
                if (file.Coefficients[j] != 0)
                {
                    table.AddRow(Markup.Escape(file.Features[j]), file.Coefficients[j].ToString("G6", CultureInfo.InvariantCulture));
                }
            }

            console.MarkupLine(Markup.Escape(
                $"{file.Algorithm}: {file.Target} fitted on {file.Observations} iterations of m = {string.Join(", ", file.Machines)}; " +
                $"LassoCV chose α = {file.Alpha:G4} ({file.CrossValidation}), cross-validated error {file.CrossValidatedLog10Error:F3} in log10"));
            console.Write(table);
            console.MarkupLine(Markup.Escape(system is null
                ? $"no system model: the traces cover {points.Count} machine count(s), Ernest's model needs {ErnestModel.FeatureCount}"
                : $"system model f(m) = {string.Join(" + ", system.Theta.Select((t, k) => $"{t:G4}·{ErnestModel.FeatureNames[k]}"))} seconds per iteration"));
            console.MarkupLine(Markup.Escape($"saved to {path}"));
            return CliApp.Success;
        });
        return command;
    }
}
