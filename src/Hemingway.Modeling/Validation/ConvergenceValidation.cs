using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Regression;

namespace Hemingway.Modeling.Validation;

/// <summary>
/// The paper's validations of the convergence model (§4, Figures 3, 4 and 6): predicting a machine count it was not
/// fitted on, predicting a few iterations ahead from a window of recent ones, and predicting a few seconds ahead with
/// the combined model. Errors are absolute differences of log10 of the model's target (P − P* by default; see
/// <see cref="ConvergenceTarget"/>), whose values the observations hold.
/// </summary>
public static class ConvergenceValidation
{
    /// <summary>Fits on every machine count but one and predicts the held-out run, for each count in turn.</summary>
    /// <param name="algorithm">The algorithm's name, for messages.</param>
    /// <param name="observations">Every run's observations (one run per machine count).</param>
    /// <param name="epsilon">The goal, a value of the target, whose iterations-to-reach are compared.</param>
    /// <param name="maxIterations">How far the model may predict when looking for ε.</param>
    /// <param name="lasso">Coordinate descent settings.</param>
    /// <param name="target">What the observations' values are (null for P − P*).</param>
    public static IReadOnlyList<HeldOutMachines> LeaveOneMachineOut(
        string algorithm,
        IReadOnlyList<ConvergenceObservation> observations,
        double epsilon,
        int maxIterations,
        LassoOptions? lasso = null,
        ConvergenceTarget? target = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var results = new List<HeldOutMachines>();
        foreach (var m in observations.Select(o => o.Machines).Distinct().Order())
        {
            var training = observations.Where(o => o.Machines != m).ToList();
            var heldOut = observations.Where(o => o.Machines == m && o.Iteration >= 1 && o.Suboptimality > 0).OrderBy(o => o.Iteration).ToList();
            var model = ConvergenceModel.Fit(algorithm, training, lasso, target);
            var errors = heldOut.Select(o => Math.Abs(model.LogSuboptimality(o.Iteration, m) - Math.Log(o.Suboptimality)) / Math.Log(10)).ToList();
            var truth = heldOut.FirstOrDefault(o => o.Suboptimality <= epsilon);
            results.Add(new HeldOutMachines(
                m, ErrorSummary.Of(errors), truth == default ? null : truth.Iteration, model.IterationsToReach(epsilon, m, maxIterations)));
        }

        return results;
    }

    /// <summary>
    /// For every run and every iteration i past the first <paramref name="window"/>, fits on iterations i − window + 1 .. i
    /// of that run and predicts iteration i + <paramref name="ahead"/>.
    /// </summary>
    /// <param name="algorithm">The algorithm's name, for messages.</param>
    /// <param name="observations">Every run's observations.</param>
    /// <param name="window">Iterations fitted (50 in the paper).</param>
    /// <param name="ahead">Iterations predicted ahead (1 and 10 in the paper).</param>
    /// <param name="stride">Fit at every stride-th iteration only, to bound the work on long runs.</param>
    /// <param name="lasso">Coordinate descent settings.</param>
    /// <param name="target">What the observations' values are (null for P − P*).</param>
    public static ErrorSummary ForwardPrediction(
        string algorithm,
        IReadOnlyList<ConvergenceObservation> observations,
        int window,
        int ahead,
        int stride = 1,
        LassoOptions? lasso = null,
        ConvergenceTarget? target = null)
    {
        var errors = new List<double>();
        foreach (var run in Runs(observations))
        {
            for (var end = window - 1; end + ahead < run.Count; end += stride)
            {
                var model = ConvergenceModel.Fit(algorithm, run.GetRange(end - window + 1, window), lasso, target);
                var next = run[end + ahead];
                errors.Add(Math.Abs(model.LogSuboptimality(next.Iteration, next.Machines) - Math.Log(next.Suboptimality)) / Math.Log(10));
            }
        }

        return ErrorSummary.Of(errors);
    }

    /// <summary>
    /// The combined model in time: at each iteration past the first <paramref name="window"/>, fits g on the window and
    /// f(m) as the window's mean seconds per iteration, predicts P − P* at <paramref name="secondsAhead"/> seconds later
    /// as h(t + Δ, m) = g((t + Δ)/f(m), m), and compares with the observation nearest that time.
    /// </summary>
    /// <param name="algorithm">The algorithm's name, for messages.</param>
    /// <param name="observations">Every run's observations, with their times.</param>
    /// <param name="window">Iterations fitted.</param>
    /// <param name="secondsAhead">How far ahead to predict (1 s and 5 s in the paper).</param>
    /// <param name="stride">Fit at every stride-th iteration only.</param>
    /// <param name="lasso">Coordinate descent settings.</param>
    /// <param name="target">What the observations' values are (null for P − P*).</param>
    public static ErrorSummary TimeAhead(
        string algorithm,
        IReadOnlyList<ConvergenceObservation> observations,
        int window,
        double secondsAhead,
        int stride = 1,
        LassoOptions? lasso = null,
        ConvergenceTarget? target = null)
    {
        var errors = new List<double>();
        foreach (var run in Runs(observations))
        {
            for (var end = window - 1; end < run.Count; end += stride)
            {
                var first = run[end - window + 1];
                var now = run[end];
                var then = now.Seconds + secondsAhead;
                if (then > run[^1].Seconds)
                {
                    break;
                }

                var secondsPerIteration = (now.Seconds - first.Seconds) / Math.Max(1, now.Iteration - first.Iteration);
                if (!(secondsPerIteration > 0))
                {
                    continue;
                }

                var model = ConvergenceModel.Fit(algorithm, run.GetRange(end - window + 1, window), lasso, target);
                var combined = new CombinedModel(model, _ => secondsPerIteration);

                // h is anchored at the run's own clock: t seconds correspond to t / f(m) iterations since the start.
                var actual = run.MinBy(o => Math.Abs(o.Seconds - then));
                var predicted = combined.Predict(then, now.Machines);
                errors.Add(Math.Abs(Math.Log10(predicted) - Math.Log10(actual.Suboptimality)));
            }
        }

        return ErrorSummary.Of(errors);
    }

    /// <summary>The usable observations of each machine count, in iteration order.</summary>
    private static IEnumerable<List<ConvergenceObservation>> Runs(IReadOnlyList<ConvergenceObservation> observations) =>
        observations.Where(o => o.Iteration >= 1 && o.Suboptimality > 0 && double.IsFinite(o.Suboptimality))
            .GroupBy(o => o.Machines)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderBy(o => o.Iteration).ToList());
}
