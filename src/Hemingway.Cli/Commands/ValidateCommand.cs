using System.CommandLine;
using System.Globalization;
using Hemingway.Cli.Output;
using Hemingway.Core;
using Hemingway.Modeling.Validation;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway validate</c>: the paper's validations of the convergence model on an algorithm's traces, as numbers:
/// leave-one-m-out, forward prediction 1 and 10 iterations ahead, and the combined model 1 s and 5 s ahead. With
/// <c>--target</c> the model describes the duality gap or the test error instead of P − P*, and ε is a value of it.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var selection = new TraceSelectionOptions();
        var epsilon = new Option<double>("--epsilon") { Description = "The goal ε whose iterations-to-reach are compared in leave-one-m-out, a value of the --target (P − P*, gap or test error)", DefaultValueFactory = _ => 1e-4, HelpName = "ε" };
        var maxIterations = new Option<int>("--max-iterations") { Description = "How far a model may predict when looking for ε", DefaultValueFactory = _ => 500 };
        var window = new Option<int>("--window") { Description = "Iterations fitted for forward and time-ahead prediction", DefaultValueFactory = _ => 50 };
        var stride = new Option<int>("--stride") { Description = "Fit forward and time-ahead models at every stride-th iteration only", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables (default: tables)" };
        var command = new Command("validate", "Validate the convergence model on traces as the paper does, and print the errors");
        selection.AddTo(command);
        foreach (var option in new Option[] { epsilon, maxIterations, window, stride, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var eps = parsed.GetValue(epsilon);
            if (!(eps > 0))
            {
                throw new HemingwayException($"--epsilon must be > 0, got {Format.Plain(eps)}");
            }

            var (w, s) = (parsed.GetValue(window), parsed.GetValue(stride));
            if (w < Modeling.Convergence.ConvergenceModel.MinimumObservations || s < 1)
            {
                throw new HemingwayException($"--window must be ≥ {Modeling.Convergence.ConvergenceModel.MinimumObservations} and --stride ≥ 1, got {w} and {s}");
            }

            var traces = selection.Load(parsed);
            var algorithm = traces.Algorithm;
            var target = selection.Target(parsed);
            var observations = traces.Observations(target);
            var machines = observations.Select(o => o.Machines).Distinct().Count();
            var leaveOneOut = machines >= 3
                ? ConvergenceValidation.LeaveOneMachineOut(algorithm, observations, eps, parsed.GetValue(maxIterations), target: target)
                : [];
            var report = new ValidationReport(
                algorithm,
                target.Name,
                target.Description,
                eps,
                leaveOneOut.Select(r => new HeldOutReport(r.Machines, r.Log10Error, r.TrueIterations, r.PredictedIterations, r.RelativeIterationError)).ToList(),
                ConvergenceValidation.ForwardPrediction(algorithm, observations, w, 1, s, target: target),
                ConvergenceValidation.ForwardPrediction(algorithm, observations, w, 10, s, target: target),
                ConvergenceValidation.TimeAhead(algorithm, observations, w, 1, s, target: target),
                ConvergenceValidation.TimeAhead(algorithm, observations, w, 5, s, target: target));

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, report);
            }
            else
            {
                Print(stdout, report, machines);
            }

            return CliApp.Success;
        });
        return command;
    }

    private static void Print(TextWriter output, ValidationReport report, int machines)
    {
        var console = TableConsole.For(output);
        if (report.LeaveOneMachineOut.Count == 0)
        {
            console.MarkupLine(Markup.Escape($"leave-one-m-out needs runs on 3 or more machine counts; the traces have {machines}"));
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{report.Algorithm}: leave one m out (errors in log10 {report.TargetDescription})"))
                .AddColumn(new TableColumn("held-out m").RightAligned()).AddColumn(new TableColumn("median error").RightAligned())
                .AddColumn(new TableColumn("90th pct").RightAligned()).AddColumn(new TableColumn($"iterations to {Format.Plain(report.Epsilon)}").RightAligned())
                .AddColumn(new TableColumn("predicted").RightAligned()).AddColumn(new TableColumn("relative error").RightAligned());
            foreach (var r in report.LeaveOneMachineOut)
            {
                table.AddRow(
                    r.Machines.ToString(CultureInfo.InvariantCulture), F(r.Log10Error.Median), F(r.Log10Error.Percentile90),
                    r.TrueIterations?.ToString(CultureInfo.InvariantCulture) ?? "not reached",
                    r.PredictedIterations?.ToString(CultureInfo.InvariantCulture) ?? "not reached",
                    r.RelativeIterationError is { } e ? e.ToString("P0", CultureInfo.InvariantCulture) : "–");
            }

            console.Write(table);
        }

        var ahead = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"prediction ahead (errors in log10 {report.TargetDescription})"))
            .AddColumn("what").AddColumn(new TableColumn("predictions").RightAligned()).AddColumn(new TableColumn("median error").RightAligned())
            .AddColumn(new TableColumn("90th pct").RightAligned());
        foreach (var (what, summary) in new[]
        {
            ("1 iteration ahead", report.ForwardOneIteration), ("10 iterations ahead", report.ForwardTenIterations),
            ("1 s ahead (combined model)", report.OneSecondAhead), ("5 s ahead (combined model)", report.FiveSecondsAhead),
        })
        {
            ahead.AddRow(what, summary.Count.ToString(CultureInfo.InvariantCulture), F(summary.Median), F(summary.Percentile90));
        }

        console.Write(ahead);
    }

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("F3", CultureInfo.InvariantCulture);

    private sealed record HeldOutReport(int Machines, ErrorSummary Log10Error, int? TrueIterations, int? PredictedIterations, double? RelativeIterationError);

    private sealed record ValidationReport(
        string Algorithm,
        string Target,
        string TargetDescription,
        double Epsilon,
        IReadOnlyList<HeldOutReport> LeaveOneMachineOut,
        ErrorSummary ForwardOneIteration,
        ErrorSummary ForwardTenIterations,
        ErrorSummary OneSecondAhead,
        ErrorSummary FiveSecondsAhead);
}
