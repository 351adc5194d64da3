using System.Globalization;
using Hemingway.Core;

namespace Hemingway.Modeling.Planning;

/// <summary>
/// Chooses the algorithm and the number of machines from each algorithm's convergence model g(i, m) and system model
/// f(m). For every algorithm and every candidate m it predicts a <see cref="Planning.Plan"/>, ranks them, and
/// recommends the first when it meets the goal.
/// <para>
/// Predictions (σ_g = <see cref="AlgorithmModel.Log10Error"/>, σ_f = <see cref="AlgorithmModel.SecondsRelativeError"/>,
/// N = MaxIterations, and with a deadline t the iteration limit L = min(N, ⌊t / f(m)⌋), else L = N):
/// </para>
/// <list type="bullet">
/// <item><description>
/// Goal ε (with or without a deadline): iterations i = the first i in 1..N with g(i, m) ≤ ε; seconds = i·f(m). The goal
/// is met when i ≤ L. Optimistic iterations solve g(i, m)·10^(−σ_g) ≤ ε, pessimistic ones g(i, m)·10^(+σ_g) ≤ ε (each
/// the first such i in 1..N, or null); optimistic seconds = optimistic iterations · f(m)·(1 − σ_f), pessimistic seconds =
/// pessimistic iterations · f(m)·(1 + σ_f).
/// </description></item>
/// <item><description>
/// Deadline t alone: iterations = L = min(N, ⌊t / f(m)⌋); the goal is met when L ≥ 1. Optimistic iterations =
/// min(N, ⌊t / (f(m)·(1 − σ_f))⌋), pessimistic = min(N, ⌊t / (f(m)·(1 + σ_f))⌋): as many as fit if an iteration is
/// that much faster or slower. Seconds = L·f(m), bounded by L·f(m)·(1 ∓ σ_f).
/// </description></item>
/// <item><description>
/// Sub-optimality: g at the end of the plan — at i when ε is reached within L, otherwise at L (the deadline, or the
/// iteration limit) — bounded by ×10^(∓σ_g). None when L = 0.
/// </description></item>
/// <item><description>
/// Cost, with a price p per machine-hour: m · seconds · p / 3600, for the prediction and each bound of seconds.
/// </description></item>
/// </list>
/// <para>Ranking (ties go to fewer machines, then the algorithm's name):</para>
/// <list type="bullet">
/// <item><description>
/// Plans that meet the goal come first. With ε: fewest seconds (<see cref="PlanningObjective.Time"/>) or least cost
/// (<see cref="PlanningObjective.Cost"/>); a deadline with ε only decides which plans meet it. With a deadline alone:
/// lowest sub-optimality at t for Time. For Cost, the plans whose predicted sub-optimality is no higher than the
/// pessimistic bound of the best one's (the models cannot tell them apart) come first, cheapest first, then the
/// others by sub-optimality.
/// </description></item>
/// <item><description>
/// Plans that do not meet it follow, lowest sub-optimality at their limit first; those that fit no iteration last,
/// shortest iteration first.
/// </description></item>
/// </list>
/// </summary>
public static class Planner
{
    /// <summary>
    /// Plans for <paramref name="goal"/> over every model × candidate m. No models, two models of one algorithm, or a
    /// non-positive f(m) give a <see cref="HemingwayException"/>.
    /// </summary>
    public static PlanningResult Plan(IReadOnlyList<AlgorithmModel> models, PlanningGoal goal)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(goal);
        if (models.Count == 0)
        {
            throw new HemingwayException("there are no algorithm models to plan with: fit at least one");
        }

        var repeated = models.GroupBy(m => m.Algorithm, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new HemingwayException($"{repeated.Key}: two models of one algorithm; give each algorithm once");
        }

        var plans = new List<Plan>(models.Count * goal.Machines.Count);
        foreach (var model in models)
        {
            foreach (var machines in goal.Machines)
            {
                plans.Add(PlanPredictor.Predict(model, machines, goal));
            }
        }

        var ranked = PlanRanking.Rank(plans, goal);
        if (ranked[0].MeetsGoal)
        {
            return new PlanningResult(goal, ranked, ranked[0], null, null);
        }

        var (explanation, alternative) = PlanExplanation.Explain(ranked, goal);
        return new PlanningResult(goal, ranked, null, explanation, alternative);
    }

    /// <summary>
    /// For re-planning during a run: how many more iterations <paramref name="model"/> predicts on
    /// <paramref name="machines"/> machines to go from <paramref name="currentSuboptimality"/> to ε. The run's place on
    /// the curve is i₀, the first i in 1..<paramref name="maxIterations"/> with g(i, m) ≤ current (1 when the run is
    /// still above g(1, m)); the answer is i_ε − i₀, with i_ε the first i in i₀..i₀ + <paramref name="maxIterations"/>
    /// with g(i, m) ≤ ε. It is 0 when current ≤ ε already, and null when the curve does not come down to the current
    /// sub-optimality, or from it to ε, within <paramref name="maxIterations"/> iterations. Values out of range give a
    /// <see cref="HemingwayException"/>.
    /// </summary>
    public static int? RemainingIterations(AlgorithmModel model, double currentSuboptimality, double epsilon, int machines, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(currentSuboptimality > 0) || double.IsNaN(currentSuboptimality))
        {
            throw new HemingwayException($"the current sub-optimality must be positive, got {Text(currentSuboptimality)}");
        }

        if (!(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new HemingwayException($"the target sub-optimality ε must be a positive number, got {Text(epsilon)}");
        }

        if (machines < 1 || maxIterations < 1)
        {
            throw new HemingwayException(
                $"re-planning needs machines ≥ 1 and an iteration limit ≥ 1, got {machines.ToString(CultureInfo.InvariantCulture)} " +
                $"and {maxIterations.ToString(CultureInfo.InvariantCulture)}");
        }

        if (currentSuboptimality <= epsilon)
        {
            return 0;
        }

        var start = GoalCrossings.Find(model.LogSuboptimality, machines, Math.Log(currentSuboptimality), 0, 1, maxIterations).Predicted;
        if (start is not { } i0)
        {
            return null;
        }

        var last = (int)Math.Min(int.MaxValue, (long)i0 + maxIterations);
        var target = GoalCrossings.Find(model.LogSuboptimality, machines, Math.Log(epsilon), 0, i0, last).Predicted;
        return target - i0;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
