using System.CommandLine;
using Hemingway.Cli.Output;
using Hemingway.Core;
using Hemingway.Modeling;
using Hemingway.Modeling.Convergence;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway predict</c>: what a fitted model says about m machines after some iterations or seconds: P − P*, or the
/// duality gap or test error for a model fitted with another <c>--target</c>.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model file written by hemingway fit (required)", Required = true, HelpName = "model.json" };
        var machines = new Option<int>("--machines") { Description = "m (required)", Required = true, HelpName = "m" };
        var iterations = new Option<double?>("--iterations") { Description = "Predict g(i, m) after this many iterations (give this or --seconds; default: none)", HelpName = "i" };
        var seconds = new Option<double?>("--seconds") { Description = "Predict h(t, m) after this many seconds; needs a system model (give this or --iterations; default: none)", HelpName = "t" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a sentence (default: a sentence)" };
        var command = new Command("predict", "Predict the sub-optimality P − P* (or the model's other target: duality gap, test error) after some iterations or seconds on m machines");
        foreach (var option in new Option[] { model, machines, iterations, seconds, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var bundle = ModelBundle.Load(parsed.GetValue(model)!.FullName);
            var m = parsed.GetValue(machines);
            if (m < 1)
            {
                throw new HemingwayException($"--machines must be ≥ 1, got {m}");
            }

            var (i, t) = (parsed.GetValue(iterations), parsed.GetValue(seconds));
            if (i is null == t is null)
            {
                throw new HemingwayException("give exactly one of --iterations and --seconds");
            }

            double atIteration;
            double? secondsPerIteration = bundle.Combined?.SecondsPerIteration(m);
            if (i is { } count)
            {
                atIteration = count > 0 ? count : throw new HemingwayException($"--iterations must be > 0, got {Format.Plain(count)}");
            }
            else
            {
                if (secondsPerIteration is not { } f)
                {
                    throw new HemingwayException($"{parsed.GetValue(model)!.FullName}: the model has no system model, so it cannot predict in seconds; use --iterations");
                }

                atIteration = Math.Max(1, t!.Value / f);
            }

            var value = bundle.Convergence.Predict(atIteration, m);
            var target = bundle.Convergence.Target;
            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, new
                {
                    algorithm = bundle.Convergence.Algorithm,
                    machines = m,
                    iterations = atIteration,
                    seconds = secondsPerIteration * atIteration,
                    seconds_per_iteration = secondsPerIteration,
                    target = target.Name,
                    value,
                    subopt = target == ConvergenceTarget.Suboptimality ? value : (double?)null,
                    log10_error = bundle.Convergence.CrossValidatedLog10Error,
                });
            }
            else
            {
                var when = t is { } s ? $"{Format.Plain(s)} s ({Format.Plain(atIteration)} iterations)" : $"{Format.Plain(atIteration)} iterations";
                stdout.WriteLine(
                    $"{bundle.Convergence.Algorithm} on {m} machines after {when}: {target.Description} ≈ {Format.Small(value)} " +
                    $"(cross-validated error ±{bundle.Convergence.CrossValidatedLog10Error:F2} in log10)");
            }

            return CliApp.Success;
        });
        return command;
    }
}
