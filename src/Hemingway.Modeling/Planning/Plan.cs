namespace Hemingway.Modeling.Planning;

/// <summary>
/// One candidate: an algorithm on a number of machines, with what the models predict for it under a
/// <see cref="PlanningGoal"/>. Every prediction comes with an optimistic and a pessimistic bound (see
/// <see cref="Planner"/> for how they are computed); a bound is null when the models do not reach it within the limit.
/// </summary>
/// <param name="Algorithm">The algorithm's name.</param>
/// <param name="Machines">m.</param>
/// <param name="SecondsPerIteration">f(m), predicted seconds per iteration.</param>
/// <param name="MeetsGoal">
/// With ε: g reaches ε within <paramref name="IterationLimit"/>. With a deadline alone: at least one iteration fits.
/// </param>
/// <param name="IterationLimit">
/// The most iterations the plan may run: the goal's MaxIterations, or with a deadline t also no more than
/// ⌊t / f(m)⌋ (0 when one iteration takes longer than t).
/// </param>
/// <param name="PredictedIterations">
/// With ε: the first i in 1..MaxIterations with g(i, m) ≤ ε, null when there is none (it may exceed a deadline's
/// <paramref name="IterationLimit"/>, and then the goal is not met). With a deadline alone: <paramref name="IterationLimit"/>.
/// </param>
/// <param name="OptimisticIterations">The good-side bound of <paramref name="PredictedIterations"/>.</param>
/// <param name="PessimisticIterations">The bad-side bound of <paramref name="PredictedIterations"/>.</param>
/// <param name="PredictedSeconds"><paramref name="PredictedIterations"/> × f(m).</param>
/// <param name="OptimisticSeconds">The lower bound of <paramref name="PredictedSeconds"/>.</param>
/// <param name="PessimisticSeconds">The upper bound of <paramref name="PredictedSeconds"/>.</param>
/// <param name="PredictedSuboptimality">
/// g(i, m) where the plan ends: at <paramref name="PredictedIterations"/> when the goal is met, otherwise at
/// <paramref name="IterationLimit"/> (so at the deadline, or at the end for an ε not reached); null when the plan
/// ends before its first iteration.
/// </param>
/// <param name="OptimisticSuboptimality"><paramref name="PredictedSuboptimality"/> × 10^(−σ_g).</param>
/// <param name="PessimisticSuboptimality"><paramref name="PredictedSuboptimality"/> × 10^(+σ_g).</param>
/// <param name="PredictedCost">m × <paramref name="PredictedSeconds"/> × price / 3600, null without a price.</param>
/// <param name="OptimisticCost">The same from <paramref name="OptimisticSeconds"/>.</param>
/// <param name="PessimisticCost">The same from <paramref name="PessimisticSeconds"/>.</param>
public sealed record Plan(
    string Algorithm,
    int Machines,
    double SecondsPerIteration,
    bool MeetsGoal,
    int IterationLimit,
    int? PredictedIterations,
    int? OptimisticIterations,
    int? PessimisticIterations,
    double? PredictedSeconds,
    double? OptimisticSeconds,
    double? PessimisticSeconds,
    double? PredictedSuboptimality,
    double? OptimisticSuboptimality,
    double? PessimisticSuboptimality,
    double? PredictedCost,
    double? OptimisticCost,
    double? PessimisticCost);
