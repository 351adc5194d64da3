using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Modeling.Planning;

namespace Hemingway.Advisor.Profiling;

/// <summary>What to profile and for which goal.</summary>
/// <param name="Algorithms">The algorithms to compare (names from <see cref="AlgorithmCatalog"/>).</param>
/// <param name="Settings">Their parameters (H, β, γ, …).</param>
/// <param name="Goal">The planning goal: ε or a deadline, the candidate machine counts, the iteration limit, prices.</param>
/// <param name="Seed">Seeds every partition, subsample and random choice; the same seed as a run gives the same iterates.</param>
/// <param name="BudgetSeconds">
/// Cluster seconds profiling may spend, or null for <see cref="DefaultBudgetShare"/> of the exhaustive sweep's bound
/// (and at least <see cref="LeastBudgetMultiple"/> times the least profiling).
/// </param>
public sealed record ProfileOptions(
    IReadOnlyList<string> Algorithms,
    AlgorithmSettings Settings,
    PlanningGoal Goal,
    int Seed = 0,
    double? BudgetSeconds = null)
{
    /// <summary>
    /// The default budget as a share of the exhaustive sweep's bound (every algorithm on every candidate m for the whole
    /// iteration limit, priced by the measured system model): small next to what it replaces.
    /// </summary>
    public const double DefaultBudgetShare = 0.05;

    /// <summary>
    /// The default budget is also at least this many times the least profiling can do (timing the system and the first
    /// runs), so that on a small problem, where the sweep itself is cheap, the refinement still has room to check the
    /// plans it recommends instead of extrapolating from a handful of iterations.
    /// </summary>
    public const double LeastBudgetMultiple = 3;

    /// <summary>Throws a <see cref="HemingwayException"/> naming what is wrong.</summary>
    public void Validate()
    {
        if (Algorithms.Count == 0)
        {
            throw new HemingwayException("give at least one algorithm to compare");
        }

        foreach (var name in Algorithms.Where(a => !AlgorithmCatalog.Names.Contains(a)))
        {
            throw new HemingwayException($"unknown algorithm '{name}': expected some of {string.Join(", ", AlgorithmCatalog.Names)}");
        }

        if (BudgetSeconds is { } budget && !(budget > 0 && double.IsFinite(budget)))
        {
            throw new HemingwayException($"the profiling budget must be a positive number of seconds, got {budget}");
        }
    }
}
