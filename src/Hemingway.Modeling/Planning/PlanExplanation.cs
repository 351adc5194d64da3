using System.Globalization;

namespace Hemingway.Modeling.Planning;

/// <summary>The plain-language reason no plan meets a goal, and the plan that comes closest.</summary>
internal static class PlanExplanation
{
    /// <summary>
    /// Explains a ranking in which no plan meets the goal. Its first plan is the best alternative: the lowest
    /// sub-optimality at its limit, or, when no plan fits one iteration in the deadline, the shortest iteration
    /// (plans without a sub-optimality are ranked by seconds per iteration).
    /// </summary>
    public static (string Explanation, Plan Alternative) Explain(IReadOnlyList<Plan> ranked, PlanningGoal goal)
    {
        var closest = ranked[0];
        if (closest.IterationLimit == 0)
        {
            return (
                $"No plan completes an iteration in time: the deadline {Seconds(goal.DeadlineSeconds!.Value)} s is shorter than one " +
                $"iteration of any plan (fastest: {Seconds(closest.SecondsPerIteration)} s per iteration, {closest.Algorithm} on " +
                $"{MachinesText(closest.Machines)}).",
                closest);
        }

        var limit = goal.DeadlineSeconds is { } t
            ? $"within {Seconds(t)} s and {Count(goal.MaxIterations)} iterations"
            : $"within {Count(goal.MaxIterations)} iterations";
        var seconds = closest.IterationLimit * closest.SecondsPerIteration;
        return (
            $"No plan reaches ε = {Number(goal.Epsilon!.Value)} {limit} on up to {MachinesText(goal.Machines[^1])}; the closest is " +
            $"{closest.Algorithm} on {MachinesText(closest.Machines)}, predicted {Number(closest.PredictedSuboptimality!.Value)} after " +
            $"{Count(closest.IterationLimit)} iterations ({Seconds(seconds)} s).",
            closest);
    }

    /// <summary>Three significant digits, exponent in lower case: 3.2e-05.</summary>
    internal static string Number(double value) => value.ToString("g3", CultureInfo.InvariantCulture).ToLowerInvariant();

    /// <summary>Seconds as a person reads them: 61, 12.3, 0.12.</summary>
    internal static string Seconds(double seconds) =>
        seconds >= 10 ? seconds.ToString("0.#", CultureInfo.InvariantCulture) : Number(seconds);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string MachinesText(int machines) => machines == 1 ? "1 machine" : $"{Count(machines)} machines";
}
