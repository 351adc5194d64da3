using Hemingway.Cli.Report;

namespace Hemingway.Cli.Tests.Report;

/// <summary>
/// Report data shaped like the paper's MNIST case study, from closed forms: Ernest's time per iteration
/// f(m) = 0.02 + 1.6/m + 0.01 ln m + 0.0015 m (fastest near m = 32), and CoCoA-like linear convergence
/// P − P* = 0.5 (1 − c/√m)^i that needs about 10 iterations at m = 1 and 50 at m = 16 to reach 1e-4.
/// </summary>
public static class SyntheticReports
{
    public const double Epsilon = 1e-4;
    public const int CompareMachines = 16;

    /// <summary>Figures drawn for <see cref="Full"/>: system, machines, compare, validation, plans and adaptive.</summary>
    public const int FullFigureCount = 6;

    /// <summary>Figures on the page when there is no adaptive run.</summary>
    public const int StaticFigureCount = 5;

    private static readonly int[] Machines = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Every series filled, a recommendation, plans that miss the goal and an adaptive run with two switches.</summary>
    internal static ReportData Full(string title = "Hemingway advice: MNIST digit 5, hinge loss", string? oddAlgorithmName = null)
    {
        var algorithms = new[] { "cocoa", "cocoa+", oddAlgorithmName ?? "local-sgd" };
        var traces = new List<ReportTrace>();
        foreach (var algorithm in algorithms)
        {
            foreach (var m in Machines)
            {
                traces.Add(new ReportTrace(algorithm, m, ReportTraceKind.Sweep, Run(algorithm, m, 120)));
            }
        }

        // A real run that reaches the optimum records a zero, and rounding can leave a tiny negative value:
        // a log axis cannot draw either, and the page must drop them rather than fail.
        var exact = Run("cocoa", 1, 120).ToList();
        exact.Add(new ReportTracePoint(exact.Count, exact[^1].Seconds + SecondsPerIteration(1), 0));
        exact.Add(new ReportTracePoint(exact.Count, exact[^1].Seconds + SecondsPerIteration(1), -1e-13));
        traces[0] = traces[0] with { Points = exact };

        traces.Add(new ReportTrace("cocoa+", 1, ReportTraceKind.Profile, Run("cocoa+", 1, 5)));
        traces.Add(new ReportTrace("cocoa+", 2, ReportTraceKind.Profile, Run("cocoa+", 2, 5)));

        // Adaptive: cocoa+ on 4 machines, then 16, then 32; each leg continues from the sub-optimality reached.
        var adaptive = new List<ReportTracePoint> { new(0, 0, 0.5) };
        var switches = new List<ReportSwitch>();
        var legs = new[] { (Machines: 4, Iterations: 8), (Machines: 16, Iterations: 10), (Machines: 32, Iterations: 60) };
        for (var leg = 0; leg < legs.Length; leg++)
        {
            var m = legs[leg].Machines;
            if (leg > 0)
            {
                switches.Add(new ReportSwitch(adaptive[^1].Seconds, adaptive[^1].Iteration, $"cocoa+@{legs[leg - 1].Machines}", $"cocoa+@{m}"));
            }

            for (var k = 0; k < legs[leg].Iterations && adaptive[^1].Suboptimality > Epsilon; k++)
            {
                var last = adaptive[^1];
                adaptive.Add(new ReportTracePoint(last.Iteration + 1, last.Seconds + SecondsPerIteration(m), last.Suboptimality * Rate("cocoa+", m)));
            }
        }

        traces.Add(new ReportTrace("cocoa+", 4, ReportTraceKind.Adaptive, adaptive));

        var curves = new List<ReportModelCurve>();
        foreach (var m in Machines)
        {
            curves.Add(new ReportModelCurve("cocoa+", m, ReportModelCurveKind.Fit, Model("cocoa+", m, 0.15, 1, 120)));
        }

        // An exponential model extrapolated far enough underflows towards zero: the page must keep its axis on the data.
        var heldOut = Model("cocoa+", 64, 0.6, 1, 120);
        heldOut.Add(new ReportModelPoint(heldOut[^1].Iteration + 1, 1e-300));
        curves.Add(new ReportModelCurve("cocoa+", 64, ReportModelCurveKind.LeaveOneOut, heldOut));
        curves.Add(new ReportModelCurve("cocoa+", 16, ReportModelCurveKind.Forward, Model("cocoa+", 16, 0.3, 10, 120, step: 5)));

        var measured = Machines.Select(m => new ReportMeasuredTime(m, 1, SecondsPerIteration(m) * (1 + (0.04 * Math.Sin(m)))))
            .Concat(new[] { 1, 2, 4 }.Select(m => new ReportMeasuredTime(m, 0.25, (0.02 + (0.4 / m)) * 1.03)))
            .ToList();
        var model = Enumerable.Range(1, 64).Select(m => new ReportModelTime(m, SecondsPerIteration(m))).ToList();

        var plans = Plans(algorithms);
        var best = plans.Where(p => p.MeetsGoal).MinBy(p => p.PredictedSeconds!.Value)!;
        plans = plans.Select(p => p == best ? p with { Recommended = true } : p).ToList();

        return new ReportData(
            title,
            [
                new ReportFact("dataset", "mnist:5 (60 000 rows, 784 features)"),
                new ReportFact("loss", "hinge"),
                new ReportFact("λ", "3e-3"),
                new ReportFact("goal", "P − P* ≤ 1e-4"),
                new ReportFact("engine", "sim, cluster spark"),
                new ReportFact("profiling cost", "41.2 s on the simulated cluster"),
            ],
            $"Run {best.Algorithm} on {best.Machines} machines: about {best.PredictedSeconds:0.0} s, {best.PredictedIterations:0} iterations.",
            new ReportSystem(measured, model),
            traces,
            curves,
            plans,
            CompareMachines,
            switches,
            TargetSuboptimality: Epsilon);
    }

    /// <summary>A report with its title and setting but not one point to draw and no plan.</summary>
    internal static ReportData Empty() => new(
        "Hemingway advice: nothing measured yet",
        [new ReportFact("dataset", "heart_scale")],
        "No plan meets the goal.",
        new ReportSystem([], []),
        [],
        [],
        [],
        CompareMachines);

    /// <summary>Seconds per iteration on m machines (Ernest's form, as on a simulated Spark cluster).</summary>
    public static double SecondsPerIteration(int m) => 0.02 + (1.6 / m) + (0.01 * Math.Log(m)) + (0.0015 * m);

    private static double Rate(string algorithm, int m) => algorithm switch
    {
        "cocoa" => 1 - (0.57 / Math.Sqrt(m)),
        "cocoa+" => 1 - (0.62 / Math.Pow(m, 0.42)),
        _ => 1 - (0.02 / Math.Sqrt(m)),
    };

    private static List<ReportTracePoint> Run(string algorithm, int m, int maxIterations)
    {
        var points = new List<ReportTracePoint>();
        for (var i = 0; i <= maxIterations; i++)
        {
            var value = 0.5 * Math.Pow(Rate(algorithm, m), i);
            points.Add(new ReportTracePoint(i, i * SecondsPerIteration(m), value));
            if (value <= Epsilon)
            {
                break;
            }
        }

        return points;
    }

    // The model's prediction: the closed form with a smooth, bounded error of relative size `error`.
    private static List<ReportModelPoint> Model(string algorithm, int m, double error, int first, int last, int step = 1)
    {
        var points = new List<ReportModelPoint>();
        for (var i = first; i <= last; i += step)
        {
            var truth = 0.5 * Math.Pow(Rate(algorithm, m), i);
            points.Add(new ReportModelPoint(i, truth * Math.Exp(error * Math.Sin(i / 7.0))));
            if (truth <= Epsilon / 2)
            {
                break;
            }
        }

        return points;
    }

    private static List<ReportPlan> Plans(string[] algorithms)
    {
        var plans = new List<ReportPlan>();
        foreach (var algorithm in algorithms)
        {
            foreach (var m in Machines)
            {
                var iterations = Math.Ceiling(Math.Log(Epsilon / 0.5) / Math.Log(Rate(algorithm, m)));
                var seconds = iterations * SecondsPerIteration(m);
                var meets = iterations <= 500;
                // Beyond the iteration cap the model extrapolates too far to give a time for the largest clusters.
                var timed = meets || m <= 8;
                plans.Add(new ReportPlan(
                    algorithm,
                    m,
                    iterations,
                    timed ? seconds : null,
                    timed ? seconds * 0.8 : null,
                    timed ? seconds * 1.3 : null,
                    timed ? seconds * m * 0.0001 : null,
                    meets,
                    Recommended: false));
            }
        }

        return plans;
    }
}
