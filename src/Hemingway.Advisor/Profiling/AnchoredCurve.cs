using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Planning;

namespace Hemingway.Advisor.Profiling;

/// <summary>
/// A convergence curve that believes measurements over the model: on a machine count with a profiling run, ln g is the
/// run's own sub-optimality up to its last iteration, and after it the model's curve shifted to pass through the run's
/// last iterations (the mean of ln(observed / model) over the last <see cref="AnchorWindow"/> of them). On other machine
/// counts it is the model. A plan profiled up to ε is then known exactly, and one profiled part of the way is predicted
/// from where it is rather than from where the model thinks it should be: forward prediction from a window is the
/// model's most accurate use (see the validation).
/// <para>
/// The curve is also made non-increasing in i (the running minimum over iterations 1..i): these methods do not get
/// worse with more iterations, and a fitted curve that turns upward past the iterations it saw is the extrapolation of a
/// growing feature (i, √i), not a prediction. Flattening it says "not reached" where a raw curve would say "diverges".
/// </para>
/// </summary>
public static class AnchoredCurve
{
    /// <summary>Iterations at the end of a run whose misfit sets the shift.</summary>
    public const int AnchorWindow = 10;

    /// <summary>
    /// The curve for one algorithm's model and its full-data profiling runs (sub-optimality by iteration, iteration 0
    /// first), monotone up to <paramref name="horizon"/> iterations.
    /// </summary>
    public static LogSuboptimalityCurve Create(ConvergenceModel model, IReadOnlyDictionary<int, double[]> observedByMachines, int horizon)
    {
        var raw = Raw(model, observedByMachines);
        var envelopes = new Dictionary<int, double[]>();
        return (iteration, machines) =>
        {
            if (!envelopes.TryGetValue(machines, out var envelope))
            {
                envelope = new double[horizon + 1];
                envelope[0] = double.PositiveInfinity;
                for (var i = 1; i <= horizon; i++)
                {
                    envelope[i] = Math.Min(envelope[i - 1], raw(i, machines));
                }

                envelopes[machines] = envelope;
            }

            return iteration <= horizon ? envelope[iteration] : Math.Min(envelope[horizon], raw(iteration, machines));
        };
    }

    private static LogSuboptimalityCurve Raw(ConvergenceModel model, IReadOnlyDictionary<int, double[]> observedByMachines)
    {
        var shifts = new Dictionary<int, double>();
        foreach (var (machines, observed) in observedByMachines)
        {
            shifts[machines] = Shift(model, machines, observed);
        }

        return (iteration, machines) =>
        {
            if (observedByMachines.TryGetValue(machines, out var observed) && observed.Length > 1)
            {
                var last = observed.Length - 1;
                if (iteration <= last)
                {
                    return Math.Log(Math.Max(observed[iteration], double.Epsilon));
                }

                return model.LogSuboptimality(iteration, machines) + shifts[machines];
            }

            return model.LogSuboptimality(iteration, machines);
        };
    }

    private static double Shift(ConvergenceModel model, int machines, double[] observed)
    {
        var sum = 0.0;
        var count = 0;
        for (var i = observed.Length - 1; i >= 1 && count < AnchorWindow; i--)
        {
            if (observed[i] > 0)
            {
                sum += Math.Log(observed[i]) - model.LogSuboptimality(i, machines);
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }
}
