using System.Globalization;
using Hemingway.Advisor.Adaptive;
using Hemingway.Advisor.Profiling;
using Hemingway.Cli.Report;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Modeling.Convergence;

namespace Hemingway.Cli.Advice;

/// <summary>
/// Turns advice into the report's figures: the measured and modelled time per iteration, every profiling trace, the
/// convergence model's fit with its leave-one-m-out and forward predictions for the recommended algorithm, and the plans.
/// </summary>
internal static class AdviceReport
{
    /// <summary>Most points drawn per curve: enough for the eye, small enough for the file.</summary>
    private const int MaxPoints = 200;

    /// <summary>Writes the report to <paramref name="path"/>, with the run of <c>train</c> when there is one.</summary>
    public static void Write(Advisor.Profiling.Advice advice, TrainingSettings settings, string path, AdaptiveOutcome? run = null)
    {
        var planning = advice.Planning;
        var chosen = planning.Recommendation ?? planning.BestAlternative ?? planning.Plans[0];
        var profile = advice.Algorithms.First(a => a.Algorithm == chosen.Algorithm);
        var machines = planning.Goal.Machines;
        var system = new ReportSystem(
            profile.SystemPoints.Select(p => new ReportMeasuredTime(p.Machines, p.Fraction, p.Seconds)).ToList(),
            machines.Select(m => new ReportModelTime(m, profile.System.Predict(m, 1.0))).ToList());
        var traces = advice.Algorithms
            .SelectMany(a => a.Runs.Select(r => new ReportTrace(a.Algorithm, r.Machines, ReportTraceKind.Profile, Points(r))))
            .ToList();
        if (run is not null)
        {
            traces.Add(new ReportTrace(run.Algorithm, run.StartMachines, ReportTraceKind.Adaptive, [.. run.Trace
                .Where(t => t.Iteration > 0 && t.Suboptimality > 0)
                .Select(t => new ReportTracePoint(t.Iteration, t.Seconds, t.Suboptimality))]));
        }

        var data = new ReportData(
            $"Hemingway advice: {settings.DataSpec}, {settings.Loss}, λ = {Number(settings.Lambda)}",
            Facts(advice, settings),
            AdviceText.Sentence(advice),
            system,
            traces,
            ModelCurves(profile, chosen.Machines, planning.Goal.MaxIterations),
            planning.Plans.Select(p => new ReportPlan(
                p.Algorithm, p.Machines, p.PredictedIterations, p.PredictedSeconds, p.OptimisticSeconds, p.PessimisticSeconds, p.PredictedCost,
                p.MeetsGoal, p == planning.Recommendation)).ToList(),
            chosen.Machines,
            run?.Switches.Select(w => new ReportSwitch(w.Seconds, w.Iteration, $"{run.Algorithm} on {w.FromMachines}", $"{run.Algorithm} on {w.ToMachines}")).ToList(),
            TargetSuboptimality: planning.Goal.Epsilon,
            DeadlineSeconds: planning.Goal.DeadlineSeconds);
        ReportWriter.Write(data, path);
    }

    private static List<ReportFact> Facts(Advisor.Profiling.Advice advice, TrainingSettings settings)
    {
        var goal = advice.Planning.Goal;
        var facts = new List<ReportFact>
        {
            new("dataset", settings.DataSpec),
            new("loss, λ", $"{settings.Loss}, {Number(settings.Lambda)}"),
            new("goal", goal.Epsilon is { } e
                ? $"P − P* ≤ {Number(e)}" + (goal.DeadlineSeconds is { } t ? $" within {Number(t)} s" : "")
                : $"lowest P − P* within {Number(goal.DeadlineSeconds!.Value)} s"),
            new("cluster", $"simulated, {settings.Cluster}"),
            new("candidates", $"{string.Join(", ", advice.Algorithms.Select(a => a.Algorithm))} on {string.Join(", ", goal.Machines)} machines, ≤ {goal.MaxIterations} iterations"),
            new("profiling", string.Create(CultureInfo.InvariantCulture,
                $"{advice.ProfilingSeconds:0.#} cluster seconds of a {advice.BudgetSeconds:0.#} s budget (system {advice.SystemSeconds:0.#} s, convergence {advice.ConvergenceSeconds:0.#} s)")),
        };
        foreach (var a in advice.Algorithms)
        {
            facts.Add(new($"model of {a.Algorithm}", a.Convergence is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"cross-validated log10 error {c.CrossValidatedLog10Error:0.###}; Ernest θ = [{string.Join(", ", a.System.Theta.Select(Number))}]")
                : a.Problem ?? "not fitted"));
        }

        return facts;
    }

    /// <summary>
    /// The fit on every profiled m; and on a few of them (the chosen m, the smallest, the largest and one between) the
    /// fit without that m (leave-one-m-out) and the anchored forward prediction past the run. Curves are drawn as the
    /// planner reads them: never increasing, and cut off well above anything observed, where an extrapolated feature
    /// would otherwise swamp the figure's scale.
    /// </summary>
    private static List<ReportModelCurve> ModelCurves(AlgorithmProfile profile, int chosenMachines, int maxIterations)
    {
        var curves = new List<ReportModelCurve>();
        if (profile.Convergence is not { } model || profile.Runs.Count == 0)
        {
            return curves;
        }

        var horizon = Math.Min(maxIterations, Math.Max(50, 2 * profile.Runs.Max(r => r.Iterations)));
        var ceiling = 10 * profile.Runs.SelectMany(r => r.Suboptimality).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        var detailed = Detailed(profile.Runs.Select(r => r.Machines).ToList(), chosenMachines);
        foreach (var run in profile.Runs)
        {
            curves.Add(Curve(profile.Algorithm, run.Machines, ReportModelCurveKind.Fit, 1, horizon, ceiling, i => model.Predict(i, run.Machines)));
            if (!detailed.Contains(run.Machines))
            {
                continue;
            }

            var others = profile.Runs.Where(r => r.Machines != run.Machines).SelectMany(r => r.Observations()).ToList();
            if (others.Select(o => o.Machines).Distinct().Count() >= 2)
            {
                try
                {
                    var heldOut = ConvergenceModel.Fit(profile.Algorithm, others);
                    curves.Add(Curve(profile.Algorithm, run.Machines, ReportModelCurveKind.LeaveOneOut, 1, horizon, ceiling, i => heldOut.Predict(i, run.Machines)));
                }
                catch (HemingwayException)
                {
                    // Too few observations without this m: the figure shows the other curves.
                }
            }

            if (run.Iterations < horizon)
            {
                var observed = new Dictionary<int, double[]> { [run.Machines] = [.. run.Suboptimality] };
                var anchored = AnchoredCurve.Create(model, observed, horizon);
                curves.Add(Curve(profile.Algorithm, run.Machines, ReportModelCurveKind.Forward, run.Iterations + 1, horizon, ceiling, i => Math.Exp(anchored(i, run.Machines))));
            }
        }

        return curves;
    }

    /// <summary>The machine counts drawn in detail: the chosen one, the smallest, the largest and the middle one.</summary>
    private static HashSet<int> Detailed(List<int> machines, int chosen)
    {
        var sorted = machines.Order().ToList();
        return [chosen, sorted[0], sorted[^1], sorted[sorted.Count / 2]];
    }

    private static ReportModelCurve Curve(string algorithm, int machines, ReportModelCurveKind kind, int from, int to, double ceiling, Func<int, double> g)
    {
        var lowest = new double[Math.Max(to - from + 1, 0)];
        var running = double.PositiveInfinity;
        for (var i = from; i <= to; i++)
        {
            running = Math.Min(running, g(i));
            lowest[i - from] = running;
        }

        var points = Thin(from, to).Select(i => new ReportModelPoint(i, lowest[i - from]))
            .Where(p => double.IsFinite(p.PredictedSuboptimality) && p.PredictedSuboptimality > 0 && p.PredictedSuboptimality <= ceiling).ToList();
        return new ReportModelCurve(algorithm, machines, kind, points);
    }

    private static List<ReportTracePoint> Points(ProfiledTrace run) =>
        [.. Thin(1, run.Iterations).Where(i => run.Suboptimality[i] > 0).Select(i => new ReportTracePoint(i, run.Seconds[i], run.Suboptimality[i]))];

    /// <summary>Up to <see cref="MaxPoints"/> iterations from <paramref name="from"/> to <paramref name="to"/>, evenly spread, both ends kept.</summary>
    private static IEnumerable<int> Thin(int from, int to)
    {
        if (to < from)
        {
            return [];
        }

        var count = to - from + 1;
        return count <= MaxPoints
            ? Enumerable.Range(from, count)
            : Enumerable.Range(0, MaxPoints).Select(k => from + (int)Math.Round((double)k * (count - 1) / (MaxPoints - 1))).Distinct();
    }

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
