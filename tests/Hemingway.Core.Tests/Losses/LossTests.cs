using Hemingway.Core.Losses;
using Xunit;

namespace Hemingway.Core.Tests.Losses;

public class LossTests
{
    public static TheoryData<string> Losses => new() { "hinge", "logistic", "squared" };

    [Theory]
    [MemberData(nameof(Losses))]
    public void Derivative_matches_central_finite_differences(string name)
    {
        var loss = LossCatalog.Parse(name);
        var random = new Random(1);
        for (var trial = 0; trial < 200; trial++)
        {
            var y = random.Next(2) == 0 ? -1.0 : 1.0;
            var a = (random.NextDouble() * 8) - 4;
            if (Math.Abs(1 - (y * a)) < 1e-3)
            {
                continue; // the hinge kink has no derivative
            }

            const double h = 1e-6;
            var numeric = (loss.Value(y, a + h) - loss.Value(y, a - h)) / (2 * h);
            Assert.Equal(numeric, loss.Derivative(y, a), 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Fenchel_Young_inequality_holds_and_is_tight_at_minus_the_derivative(string name)
    {
        // φ(a) + φ*(−α) ≥ −α a, i.e. φ(a) ≥ ψ(α) − α a, with equality when α = −φ'(a).
        var loss = LossCatalog.Parse(name);
        var random = new Random(2);
        for (var trial = 0; trial < 200; trial++)
        {
            var y = random.Next(2) == 0 ? -1.0 : 1.0;
            var a = (random.NextDouble() * 6) - 3;
            var alpha = y * random.NextDouble();
            Assert.True(loss.Value(y, a) >= loss.DualValue(y, alpha) - (alpha * a) - 1e-12);

            var tight = -loss.Derivative(y, a);
            Assert.Equal(loss.Value(y, a), loss.DualValue(y, tight) - (tight * a), 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Dual_step_maximises_the_one_coordinate_subproblem(string name)
    {
        var loss = LossCatalog.Parse(name);
        var random = new Random(3);
        for (var trial = 0; trial < 100; trial++)
        {
            var y = random.Next(2) == 0 ? -1.0 : 1.0;
            var alpha0 = y * random.NextDouble();
            var margin = (random.NextDouble() * 6) - 3;
            var q = random.NextDouble() * 20;
            double Objective(double alpha) => loss.DualValue(y, alpha) - ((alpha - alpha0) * margin) - (0.5 * q * (alpha - alpha0) * (alpha - alpha0));

            var best = loss.DualStep(y, alpha0, margin, q);
            var atBest = Objective(best);
            Assert.True(double.IsFinite(atBest), $"step left the dual domain: α = {best}");
            for (var k = 0; k <= 1000; k++)
            {
                // A grid over the dual domain (b = αy ∈ [0, 1]; wider for the squared loss, whose domain is all of ℝ).
                var b = name == "squared" ? -5 + (10.0 * k / 1000) : k / 1000.0;
                Assert.True(Objective(y * b) <= atBest + 1e-9, $"α = {y * b} beats the step's α = {best}");
            }
        }
    }

    [Fact]
    public void Logistic_loss_is_stable_for_huge_margins()
    {
        var loss = new LogisticLoss();
        Assert.Equal(1000, loss.Value(1, -1000), 9);
        Assert.Equal(0, loss.Value(1, 1000), 12);
        Assert.Equal(-1, loss.Derivative(1, -1000), 12);
        Assert.Equal(0, loss.Derivative(1, 1000), 12);
    }

    [Fact]
    public void Unknown_loss_names_the_choices()
    {
        var error = Assert.Throws<HemingwayException>(() => LossCatalog.Parse("absolute"));
        Assert.Contains("absolute", error.Message, StringComparison.Ordinal);
        Assert.Contains("hinge, logistic, squared", error.Message, StringComparison.Ordinal);
    }
}
