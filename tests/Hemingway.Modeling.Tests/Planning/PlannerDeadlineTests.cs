using Hemingway.Modeling.Planning;
using Xunit;

namespace Hemingway.Modeling.Tests.Planning;

public class PlannerDeadlineTests
{
    private const double Deadline = 10.3;

    [Fact]
    public void A_deadline_picks_the_lowest_predicted_loss_after_the_iterations_that_fit()
    {
        var result = Planner.Plan(ClosedFormModel.Both(), new PlanningGoal(ClosedFormModel.Machines, deadlineSeconds: Deadline));

        foreach (var plan in result.Plans)
        {
            var law = ClosedFormModel.Of(plan.Algorithm);
            var iterations = (int)Math.Floor(Deadline / law.F(plan.Machines));
            Assert.True(plan.MeetsGoal);
            Assert.Equal(iterations, plan.PredictedIterations);
            Assert.Equal(iterations, plan.IterationLimit);
            Assert.True(plan.PredictedSeconds <= Deadline);
            Assert.Equal(Math.Exp(law.LogG(iterations, plan.Machines)), plan.PredictedSuboptimality!.Value, 1e-15);
        }

        // By hand, ln g at t: alpha 4: −2 − 0.4 × 13 = −7.2; beta 4: −1 − 0.4 × 15 = −7.0; alpha 2: −2 − 0.6 × 8 = −6.8;
        // alpha 8: −2 − 0.25 × 16 = −6.0; beta 8: −1 − 0.35 × 14 = −5.9; alpha 1: −5.6; beta 2: −5.5; beta 1: −4.0.
        Assert.Equal(
            [("alpha", 4), ("beta", 4), ("alpha", 2), ("alpha", 8), ("beta", 8), ("alpha", 1), ("beta", 2), ("beta", 1)],
            result.Plans.Select(p => (p.Algorithm, p.Machines)));
        Assert.Equal(result.Plans[0], result.Recommendation);
        Assert.Equal(Math.Exp(-7.2), result.Recommendation!.PredictedSuboptimality!.Value, 1e-15);
    }

    [Theory]
    [InlineData(0.0, "alpha", 4)]
    [InlineData(0.1, "beta", 4)]
    [InlineData(0.3, "alpha", 2)]
    public void A_deadline_at_least_cost_picks_the_cheapest_plan_within_the_best_ones_interval(double sigma, string algorithm, int machines)
    {
        // The best, alpha 4, predicts ln g = −7.2. Within its interval ×10^σ, ln g ≤ −7.2 + σ ln 10: σ = 0 admits only
        // itself; σ = 0.1 (−6.97) adds beta 4 (−7.0); σ = 0.3 (−6.51) adds alpha 2 (−6.8) too. Machine-seconds used:
        // alpha 4: 4 × 13 × 0.78 = 40.56, beta 4: 4 × 15 × 0.675 = 40.5, alpha 2: 2 × 8 × 1.24 = 19.84.
        var goal = new PlanningGoal(ClosedFormModel.Machines, deadlineSeconds: Deadline, pricePerMachineHour: 3.6, optimize: PlanningObjective.Cost);
        var result = Planner.Plan(ClosedFormModel.Both(sigma), goal);

        Assert.Equal((algorithm, machines), (result.Recommendation!.Algorithm, result.Recommendation.Machines));
        var bound = result.Plans.Min(p => p.PredictedSuboptimality!.Value) * Math.Pow(10, sigma);
        var qualifying = result.Plans.Where(p => p.PredictedSuboptimality <= bound).ToArray();
        Assert.Equal(qualifying.Min(p => p.PredictedCost!.Value), result.Recommendation.PredictedCost!.Value);
        Assert.Equal(qualifying, result.Plans.Take(qualifying.Length));
        var rest = result.Plans.Skip(qualifying.Length).Select(p => p.PredictedSuboptimality!.Value).ToArray();
        Assert.Equal(rest.Order(), rest);
    }

    [Fact]
    public void Deadline_intervals_count_the_iterations_that_fit_if_an_iteration_is_faster_or_slower()
    {
        var result = Planner.Plan(ClosedFormModel.Both(0.25, 0.1), new PlanningGoal(ClosedFormModel.Machines, deadlineSeconds: Deadline, maxIterations: 14));

        foreach (var plan in result.Plans)
        {
            var f = ClosedFormModel.Of(plan.Algorithm).F(plan.Machines);
            Assert.Equal(Math.Min(14, (int)Math.Floor(Deadline / f)), plan.PredictedIterations);
            Assert.Equal(Math.Min(14, (int)Math.Floor(Deadline / (0.9 * f))), plan.OptimisticIterations);
            Assert.Equal(Math.Min(14, (int)Math.Floor(Deadline / (1.1 * f))), plan.PessimisticIterations);
            Assert.Equal(plan.PredictedSeconds!.Value * 0.9, plan.OptimisticSeconds!.Value, 12);
            Assert.Equal(plan.PredictedSeconds!.Value * 1.1, plan.PessimisticSeconds!.Value, 12);
            Assert.Equal(plan.PredictedSuboptimality!.Value * Math.Pow(10, 0.25), plan.PessimisticSuboptimality!.Value, 1e-15);
        }

        // Alpha 8 fits ⌊10.3 / 0.61⌋ = 16 iterations but the limit is 14.
        var alpha8 = result.Plans.Single(p => p is { Algorithm: "alpha", Machines: 8 });
        Assert.Equal((14, 14), (alpha8.PredictedIterations!.Value, alpha8.IterationLimit));
    }

    [Fact]
    public void A_deadline_of_exactly_k_iterations_allows_k()
    {
        // 0.3 / 0.1 is 2.9999999999999996 in doubles.
        var model = new AlgorithmModel("gd", (i, m) => -i, m => 0.1, 0, 0);
        var plan = Planner.Plan([model], new PlanningGoal([1], deadlineSeconds: 0.3)).Recommendation!;
        Assert.Equal(3, plan.PredictedIterations);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1e-6)]
    public void A_deadline_shorter_than_every_iteration_is_explained_with_the_fastest_iteration(double? epsilon)
    {
        // The shortest iteration is alpha's on 8 machines, 0.2 + 2/8 + 0.16 = 0.61 s.
        var result = Planner.Plan(ClosedFormModel.Both(), new PlanningGoal(ClosedFormModel.Machines, epsilon: epsilon, deadlineSeconds: 0.5));

        Assert.Null(result.Recommendation);
        Assert.All(result.Plans, p => Assert.Equal(0, p.IterationLimit));
        Assert.All(result.Plans, p => Assert.Null(p.PredictedSuboptimality));
        Assert.Equal(("alpha", 8), (result.BestAlternative!.Algorithm, result.BestAlternative.Machines));
        Assert.Equal(
            "No plan completes an iteration in time: the deadline 0.5 s is shorter than one iteration of any plan " +
            "(fastest: 0.61 s per iteration, alpha on 8 machines).",
            result.Explanation);
        var perIteration = result.Plans.Select(p => p.SecondsPerIteration).ToArray();
        Assert.Equal(perIteration.Order(), perIteration);
    }
}
