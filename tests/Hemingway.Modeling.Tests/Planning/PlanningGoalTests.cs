using Hemingway.Core;
using Hemingway.Modeling.Planning;
using Xunit;

namespace Hemingway.Modeling.Tests.Planning;

public class PlanningGoalTests
{
    public static TheoryData<Func<PlanningGoal>, string> BadGoals => new()
    {
        { () => new PlanningGoal([1, 2]), "needs a target sub-optimality ε, a deadline, or both" },
        { () => new PlanningGoal([1, 2], epsilon: 0), "ε must be a positive number, got 0" },
        { () => new PlanningGoal([1, 2], epsilon: -1e-4), "ε must be a positive number, got -0.0001" },
        { () => new PlanningGoal([1, 2], epsilon: double.NaN), "ε must be a positive number, got NaN" },
        { () => new PlanningGoal([1, 2], deadlineSeconds: 0), "deadline must be a positive number of seconds, got 0" },
        { () => new PlanningGoal([], epsilon: 1e-4), "candidate machine counts is empty" },
        { () => new PlanningGoal([4, 0], epsilon: 1e-4), "candidate machine count 0 is not allowed" },
        { () => new PlanningGoal([4], epsilon: 1e-4, maxIterations: 0), "iteration limit must be ≥ 1, got 0" },
        { () => new PlanningGoal([4], epsilon: 1e-4, pricePerMachineHour: -2), "price per machine-hour must be a number ≥ 0, got -2" },
        { () => new PlanningGoal([4], epsilon: 1e-4, optimize: PlanningObjective.Cost), "optimizing cost needs a price per machine-hour" },
    };

    [Theory]
    [MemberData(nameof(BadGoals))]
    public void A_bad_goal_says_what_is_wrong(Func<PlanningGoal> build, string message)
    {
        var error = Assert.Throws<HemingwayException>(build);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Candidates_are_kept_sorted_without_repeats()
    {
        var goal = new PlanningGoal([8, 1, 4, 8, 2], deadlineSeconds: 60, pricePerMachineHour: 0, optimize: PlanningObjective.Cost);
        Assert.Equal([1, 2, 4, 8], goal.Machines);
        Assert.Equal(PlanningGoal.DefaultMaxIterations, goal.MaxIterations);
    }

    [Fact]
    public void Bad_models_and_model_lists_say_what_is_wrong()
    {
        var goal = new PlanningGoal([1, 2], epsilon: 1e-4);
        var alpha = ClosedFormModel.Alpha.ToModel();

        Assert.Contains("no algorithm models", Assert.Throws<HemingwayException>(() => Planner.Plan([], goal)).Message, StringComparison.Ordinal);
        Assert.Contains("alpha: two models", Assert.Throws<HemingwayException>(() => Planner.Plan([alpha, alpha], goal)).Message, StringComparison.Ordinal);
        Assert.Contains(
            "relative error must be in [0, 1), got 1",
            Assert.Throws<HemingwayException>(() => ClosedFormModel.Alpha.ToModel(0, 1)).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "log10 error must be a finite number ≥ 0, got -0.1",
            Assert.Throws<HemingwayException>(() => ClosedFormModel.Alpha.ToModel(-0.1)).Message,
            StringComparison.Ordinal);

        var broken = new AlgorithmModel("gd", (i, m) => -i, m => m == 2 ? 0 : 1, 0, 0);
        Assert.Contains(
            "gd: the system model predicts 0 s per iteration on 2 machines",
            Assert.Throws<HemingwayException>(() => Planner.Plan([broken], goal)).Message,
            StringComparison.Ordinal);
    }
}
