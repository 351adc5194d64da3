using Hemingway.Modeling.Planning;
using Xunit;

namespace Hemingway.Modeling.Tests.Planning;

public class PlannerEpsilonTests
{
    private const double Epsilon = 1e-6;

    [Fact]
    public void Iterations_are_the_closed_form_crossing_and_the_fastest_plan_wins()
    {
        var result = Planner.Plan(ClosedFormModel.Both(), new PlanningGoal(ClosedFormModel.Machines, epsilon: Epsilon));

        Assert.Equal(8, result.Plans.Count);
        foreach (var plan in result.Plans)
        {
            var law = ClosedFormModel.Of(plan.Algorithm);
            var iterations = law.IterationsToReach(Epsilon, plan.Machines);
            Assert.True(plan.MeetsGoal);
            Assert.Equal(iterations, plan.PredictedIterations);
            Assert.Equal(iterations * law.F(plan.Machines), plan.PredictedSeconds!.Value, 12);
            Assert.Equal(Math.Exp(law.LogG(iterations, plan.Machines)), plan.PredictedSuboptimality!.Value, 1e-15);
            Assert.True(plan.PredictedSuboptimality <= Epsilon);
            Assert.Null(plan.PredictedCost);
        }

        // By hand (iterations × f): beta 4: 33 × 0.675 = 22.275; alpha 4: 30 × 0.78 = 23.4; alpha 2: 20 × 1.24 = 24.8;
        // beta 8: 37 × 0.6875 = 25.44; beta 2: 29 × 0.95 = 27.55; alpha 8: 48 × 0.61 = 29.28; alpha 1: 14 × 2.22 = 31.08;
        // beta 1: 26 × 1.65 = 42.9.
        Assert.Equal(
            [("beta", 4), ("alpha", 4), ("alpha", 2), ("beta", 8), ("beta", 2), ("alpha", 8), ("alpha", 1), ("beta", 1)],
            result.Plans.Select(p => (p.Algorithm, p.Machines)));
        Assert.Equal(("beta", 4, 33), (result.Recommendation!.Algorithm, result.Recommendation.Machines, result.Recommendation.PredictedIterations!.Value));
        Assert.Null(result.Explanation);
        Assert.Null(result.BestAlternative);
    }

    [Fact]
    public void Cost_picks_the_cheapest_plan_that_reaches_epsilon_when_it_is_not_the_fastest()
    {
        // At 3.6 per machine-hour a plan costs m × seconds / 1000.
        var goal = new PlanningGoal(ClosedFormModel.Machines, epsilon: Epsilon, pricePerMachineHour: 3.6, optimize: PlanningObjective.Cost);
        var result = Planner.Plan(ClosedFormModel.Both(), goal);

        foreach (var plan in result.Plans)
        {
            Assert.Equal(plan.Machines * plan.PredictedSeconds!.Value * 3.6 / 3600, plan.PredictedCost!.Value, 12);
        }

        // By hand (machine-seconds): alpha 1: 31.08, beta 1: 42.9, alpha 2: 49.6, beta 2: 55.1, beta 4: 89.1, … The fastest,
        // beta on 4 machines, costs 0.0891; alpha on 1 machine takes 31.08 s but costs only 0.03108.
        Assert.Equal(("alpha", 1), (result.Recommendation!.Algorithm, result.Recommendation.Machines));
        Assert.Equal(0.03108, result.Recommendation.PredictedCost!.Value, 12);
        Assert.Equal([("alpha", 1), ("beta", 1), ("alpha", 2), ("beta", 2)], result.Plans.Take(4).Select(p => (p.Algorithm, p.Machines)));
        var fastest = result.Plans.MinBy(p => p.PredictedSeconds!.Value)!;
        Assert.Equal(("beta", 4), (fastest.Algorithm, fastest.Machines));
        Assert.Equal(0.0891, fastest.PredictedCost!.Value, 12);
    }

    [Fact]
    public void Epsilon_within_a_deadline_needs_both_and_cost_then_picks_the_cheapest_of_those()
    {
        // Within 25 s only beta 4 (22.275 s), alpha 4 (23.4 s) and alpha 2 (24.8 s) reach ε. Beta 8 needs 37 iterations
        // but only ⌊25 / 0.6875⌋ = 36 fit.
        var time = Planner.Plan(ClosedFormModel.Both(), new PlanningGoal(ClosedFormModel.Machines, epsilon: Epsilon, deadlineSeconds: 25));
        Assert.Equal(
            [("beta", 4), ("alpha", 4), ("alpha", 2)],
            time.Plans.Where(p => p.MeetsGoal).Select(p => (p.Algorithm, p.Machines)));
        Assert.Equal(3, time.Plans.TakeWhile(p => p.MeetsGoal).Count());
        var beta8 = time.Plans.Single(p => p is { Algorithm: "beta", Machines: 8 });
        Assert.Equal((37, 36), (beta8.PredictedIterations!.Value, beta8.IterationLimit));
        Assert.Equal(Math.Exp(ClosedFormModel.Beta.LogG(36, 8)), beta8.PredictedSuboptimality!.Value, 1e-15);
        Assert.Equal(("beta", 4), (time.Recommendation!.Algorithm, time.Recommendation.Machines));

        // Machine-seconds: beta 4: 89.1, alpha 4: 93.6, alpha 2: 49.6.
        var cost = Planner.Plan(
            ClosedFormModel.Both(),
            new PlanningGoal(ClosedFormModel.Machines, epsilon: Epsilon, deadlineSeconds: 25, pricePerMachineHour: 3.6, optimize: PlanningObjective.Cost));
        Assert.Equal(
            [("alpha", 2), ("beta", 4), ("alpha", 4)],
            cost.Plans.Take(3).Select(p => (p.Algorithm, p.Machines)));
        Assert.Equal(cost.Plans[0], cost.Recommendation);
    }

    [Fact]
    public void Intervals_solve_the_shifted_curve_contain_the_prediction_and_widen_with_the_errors()
    {
        var goal = new PlanningGoal(ClosedFormModel.Machines, epsilon: Epsilon, pricePerMachineHour: 1);
        var exact = Planner.Plan(ClosedFormModel.Both(), goal).Plans;
        var narrow = Planner.Plan(ClosedFormModel.Both(0.2, 0.1), goal).Plans;
        var wide = Planner.Plan(ClosedFormModel.Both(0.4, 0.2), goal).Plans;

        foreach (var (sigmaG, sigmaF, plans) in new[] { (0.0, 0.0, exact), (0.2, 0.1, narrow), (0.4, 0.2, wide) })
        {
            foreach (var plan in plans)
            {
                // g·10^(∓σ) ≤ ε is ln g ∓ σ ln 10 ≤ ln ε: the closed form with a ∓ σ ln 10.
                var law = ClosedFormModel.Of(plan.Algorithm);
                var f = law.F(plan.Machines);
                var optimistic = law.IterationsToReach(Epsilon, plan.Machines, -sigmaG * Math.Log(10));
                var pessimistic = law.IterationsToReach(Epsilon, plan.Machines, sigmaG * Math.Log(10));
                Assert.Equal(optimistic, plan.OptimisticIterations);
                Assert.Equal(pessimistic, plan.PessimisticIterations);
                Assert.Equal(optimistic * f * (1 - sigmaF), plan.OptimisticSeconds!.Value, 12);
                Assert.Equal(pessimistic * f * (1 + sigmaF), plan.PessimisticSeconds!.Value, 12);
                Assert.Equal(plan.PredictedSuboptimality!.Value * Math.Pow(10, -sigmaG), plan.OptimisticSuboptimality!.Value, 1e-15);
                Assert.Equal(plan.PredictedSuboptimality!.Value * Math.Pow(10, sigmaG), plan.PessimisticSuboptimality!.Value, 1e-15);
                Assert.Equal(plan.Machines * plan.PessimisticSeconds!.Value / 3600, plan.PessimisticCost!.Value, 12);

                Assert.InRange(plan.PredictedIterations!.Value, plan.OptimisticIterations!.Value, plan.PessimisticIterations!.Value);
                Assert.InRange(plan.PredictedSeconds!.Value, plan.OptimisticSeconds.Value, plan.PessimisticSeconds.Value);
                Assert.InRange(plan.PredictedSuboptimality.Value, plan.OptimisticSuboptimality.Value, plan.PessimisticSuboptimality.Value);
                Assert.InRange(plan.PredictedCost!.Value, plan.OptimisticCost!.Value, plan.PessimisticCost.Value);
            }
        }

        foreach (var (inner, outer) in exact.Zip(narrow).Concat(narrow.Zip(wide)))
        {
            Assert.Equal((inner.Algorithm, inner.Machines), (outer.Algorithm, outer.Machines));
            Assert.True(outer.OptimisticSeconds < inner.OptimisticSeconds && outer.PessimisticSeconds > inner.PessimisticSeconds);
            Assert.True(outer.OptimisticIterations <= inner.OptimisticIterations && outer.PessimisticIterations >= inner.PessimisticIterations);
            Assert.True(outer.OptimisticSuboptimality <= inner.OptimisticSuboptimality && outer.PessimisticSuboptimality >= inner.PessimisticSuboptimality);
        }
    }

    [Fact]
    public void An_unreachable_epsilon_is_explained_with_the_closest_plan()
    {
        var result = Planner.Plan(ClosedFormModel.Both(), new PlanningGoal(ClosedFormModel.Machines, epsilon: 1e-30, maxIterations: 50));

        Assert.Null(result.Recommendation);
        Assert.All(result.Plans, p => Assert.False(p.MeetsGoal));
        Assert.All(result.Plans, p => Assert.Null(p.PredictedIterations));

        // After 50 iterations ln g = a − 50 r: alpha 1 is lowest at −2 − 45 = −47, g = 3.87e-21, in 50 × 2.22 = 111 s.
        var sorted = result.Plans.Select(p => p.PredictedSuboptimality!.Value).ToArray();
        Assert.Equal(sorted.Order(), sorted);
        Assert.Equal(Math.Exp(-47), result.Plans[0].PredictedSuboptimality!.Value, 1e-30);
        Assert.Equal(result.Plans[0], result.BestAlternative);
        Assert.Equal(
            "No plan reaches ε = 1e-30 within 50 iterations on up to 8 machines; the closest is alpha on 1 machine, " +
            "predicted 3.87e-21 after 50 iterations (111 s).",
            result.Explanation);
    }

    [Fact]
    public void An_epsilon_out_of_reach_within_a_deadline_names_both_limits()
    {
        // Within 10.3 s alpha 4 gets furthest: ⌊10.3 / 0.78⌋ = 13 iterations, ln g = −2 − 0.4 × 13 = −7.2, g = 7.47e-4.
        var result = Planner.Plan(ClosedFormModel.Both(), new PlanningGoal(ClosedFormModel.Machines, epsilon: Epsilon, deadlineSeconds: 10.3));

        Assert.Null(result.Recommendation);
        Assert.Equal(
            "No plan reaches ε = 1e-06 within 10.3 s and 500 iterations on up to 8 machines; the closest is alpha on 4 machines, " +
            "predicted 0.000747 after 13 iterations (10.1 s).",
            result.Explanation);
        Assert.Equal(("alpha", 4), (result.BestAlternative!.Algorithm, result.BestAlternative.Machines));
    }
}
