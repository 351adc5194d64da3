namespace Hemingway.Modeling.Planning;

/// <summary>Orders plans best first under a goal. The rules are on <see cref="Planner"/>.</summary>
internal static class PlanRanking
{
    public static Plan[] Rank(IEnumerable<Plan> plans, PlanningGoal goal)
    {
        var all = plans.ToArray();
        var meeting = all.Where(p => p.MeetsGoal).ToArray();
        var missing = all.Where(p => !p.MeetsGoal)
            .OrderBy(p => p.PredictedSuboptimality ?? double.PositiveInfinity)
            .ThenBy(p => p.SecondsPerIteration)
            .ThenBy(p => p.Machines)
            .ThenBy(p => p.Algorithm, StringComparer.Ordinal);
        return [.. RankMeeting(meeting, goal), .. missing];
    }

    private static IEnumerable<Plan> RankMeeting(Plan[] plans, PlanningGoal goal)
    {
        if (goal.Epsilon is not null)
        {
            // Reaching ε: the fastest, or the cheapest with time breaking ties; fewer machines break the rest.
            var byObjective = goal.Optimize == PlanningObjective.Cost
                ? plans.OrderBy(p => p.PredictedCost!.Value).ThenBy(p => p.PredictedSeconds!.Value)
                : plans.OrderBy(p => p.PredictedSeconds!.Value).ThenBy(p => p.PredictedCost ?? 0);
            return byObjective.ThenBy(p => p.Machines).ThenBy(p => p.Algorithm, StringComparer.Ordinal);
        }

        var byLoss = plans
            .OrderBy(p => p.PredictedSuboptimality!.Value)
            .ThenBy(p => p.PredictedCost ?? 0)
            .ThenBy(p => p.Machines)
            .ThenBy(p => p.Algorithm, StringComparer.Ordinal)
            .ToArray();
        if (goal.Optimize == PlanningObjective.Time || byLoss.Length == 0)
        {
            return byLoss;
        }

        // A deadline at least cost: the models cannot tell apart plans whose predicted loss lies within the best
        // plan's interval, so the cheapest of those leads, and the rest follow by loss.
        var bound = byLoss[0].PessimisticSuboptimality!.Value;
        var indistinguishable = byLoss.Where(p => p.PredictedSuboptimality!.Value <= bound)
            .OrderBy(p => p.PredictedCost!.Value)
            .ThenBy(p => p.PredictedSuboptimality!.Value);
        return [.. indistinguishable, .. byLoss.Where(p => p.PredictedSuboptimality!.Value > bound)];
    }
}
