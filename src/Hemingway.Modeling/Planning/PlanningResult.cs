namespace Hemingway.Modeling.Planning;

/// <summary>What <see cref="Planner.Plan"/> found.</summary>
/// <param name="Goal">The goal planned for.</param>
/// <param name="Plans">
/// Every algorithm × machine count, best first: the plans that meet the goal by the objective, then the others by
/// their predicted sub-optimality at their limit.
/// </param>
/// <param name="Recommendation">The best plan that meets the goal, or null when none does.</param>
/// <param name="Explanation">When no plan meets the goal, one or two plain sentences that say why; otherwise null.</param>
/// <param name="BestAlternative">
/// When no plan meets the goal, the one that comes closest: the lowest sub-optimality at its limit, or, when the
/// deadline is shorter than every iteration, the plan with the shortest iteration; otherwise null.
/// </param>
public sealed record PlanningResult(
    PlanningGoal Goal,
    IReadOnlyList<Plan> Plans,
    Plan? Recommendation,
    string? Explanation,
    Plan? BestAlternative);
