using Hemingway.Core;
using Hemingway.Modeling.Planning;
using Xunit;

namespace Hemingway.Modeling.Tests.Planning;

public class RemainingIterationsTests
{
    [Theory]
    [InlineData(1, 1e-2, 1e-6)]
    [InlineData(4, 1e-3, 1e-6)]
    [InlineData(8, 3.3e-4, 2e-7)]
    public void From_the_current_loss_to_epsilon_on_a_linear_curve(int machines, double current, double epsilon)
    {
        // ln g = a − r i: the run is at i₀ = ⌈(a − ln current) / r⌉ and reaches ε at ⌈(a − ln ε) / r⌉.
        var law = ClosedFormModel.Alpha;
        var expected = law.IterationsToReach(epsilon, machines) - law.IterationsToReach(current, machines);

        Assert.Equal(expected, Planner.RemainingIterations(law.ToModel(), current, epsilon, machines, 1000));
    }

    [Fact]
    public void Edge_cases_have_plain_answers()
    {
        var model = ClosedFormModel.Alpha.ToModel();

        // Already there.
        Assert.Equal(0, Planner.RemainingIterations(model, 1e-7, 1e-6, 4, 1000));

        // Above g(1, 4) = e^−2.4: the run counts as at iteration 1; ε = 1e-6 is reached at ⌈(−2 + 13.8155) / 0.4⌉ = 30.
        Assert.Equal(29, Planner.RemainingIterations(model, 0.5, 1e-6, 4, 1000));

        // ε further away than the limit allows.
        // From 1e-2 (i₀ = 7) to ε (i = 30) is 23 iterations, more than 10.
        Assert.Null(Planner.RemainingIterations(model, 1e-2, 1e-6, 4, 10));

        Assert.Contains(
            "current sub-optimality must be positive, got 0",
            Assert.Throws<HemingwayException>(() => Planner.RemainingIterations(model, 0, 1e-6, 4, 10)).Message,
            StringComparison.Ordinal);
    }
}
