using System.Globalization;
using Hemingway.Core;

namespace Hemingway.Modeling.Planning;

/// <summary>Predicts one <see cref="Plan"/>: one algorithm on one machine count under a goal. The rules are on <see cref="Planner"/>.</summary>
internal static class PlanPredictor
{
    /// <summary>
    /// t / f is rounded down after this relative nudge, so that a deadline of exactly k iterations (0.3 s at 0.1 s per
    /// iteration, which divides to 2.9999999999999996) allows k of them.
    /// </summary>
    private const double RoundingSlack = 1e-12;

    public static Plan Predict(AlgorithmModel model, int machines, PlanningGoal goal)
    {
        var f = model.SecondsPerIteration(machines);
        if (!(f > 0) || !double.IsFinite(f))
        {
            throw new HemingwayException(
                $"{model.Algorithm}: the system model predicts {f.ToString("R", CultureInfo.InvariantCulture)} s per iteration on " +
                $"{machines.ToString(CultureInfo.InvariantCulture)} machines; a plan needs a positive time");
        }

        var sigmaF = model.SecondsRelativeError;
        var limit = goal.DeadlineSeconds is { } t ? IterationsWithin(t, f, goal.MaxIterations) : goal.MaxIterations;

        bool meets;
        int end;
        int? iterations, optimisticIterations, pessimisticIterations;
        double? seconds, optimisticSeconds, pessimisticSeconds;
        if (goal.Epsilon is { } epsilon)
        {
            var crossings = GoalCrossings.Find(
                model.LogSuboptimality, machines, Math.Log(epsilon), model.Log10Error * Math.Log(10), 1, goal.MaxIterations);
            iterations = crossings.Predicted;
            optimisticIterations = crossings.Optimistic;
            pessimisticIterations = crossings.Pessimistic;
            meets = iterations is { } i && i <= limit;
            end = meets ? iterations!.Value : limit;
            seconds = iterations * f;
            optimisticSeconds = optimisticIterations * f * (1 - sigmaF);
            pessimisticSeconds = pessimisticIterations * f * (1 + sigmaF);
        }
        else
        {
            var deadline = goal.DeadlineSeconds!.Value;
            meets = limit >= 1;
            end = limit;
            iterations = limit;
            optimisticIterations = IterationsWithin(deadline, f * (1 - sigmaF), goal.MaxIterations);
            pessimisticIterations = IterationsWithin(deadline, f * (1 + sigmaF), goal.MaxIterations);
            seconds = limit * f;
            optimisticSeconds = seconds * (1 - sigmaF);
            pessimisticSeconds = seconds * (1 + sigmaF);
        }

        double? suboptimality = end >= 1 ? model.Suboptimality(end, machines) : null;
        var factor = Math.Pow(10, model.Log10Error);
        return new Plan(
            model.Algorithm,
            machines,
            f,
            meets,
            limit,
            iterations,
            optimisticIterations,
            pessimisticIterations,
            seconds,
            optimisticSeconds,
            pessimisticSeconds,
            suboptimality,
            suboptimality / factor,
            suboptimality * factor,
            Cost(seconds, machines, goal),
            Cost(optimisticSeconds, machines, goal),
            Cost(pessimisticSeconds, machines, goal));
    }

    /// <summary>How many whole iterations of <paramref name="secondsPerIteration"/> fit in <paramref name="seconds"/>, at most <paramref name="max"/>.</summary>
    private static int IterationsWithin(double seconds, double secondsPerIteration, int max) =>
        (int)Math.Min(max, Math.Floor(seconds / secondsPerIteration * (1 + RoundingSlack)));

    private static double? Cost(double? seconds, int machines, PlanningGoal goal) =>
        goal.PricePerMachineHour is { } price ? machines * seconds * price / 3600 : null;
}
