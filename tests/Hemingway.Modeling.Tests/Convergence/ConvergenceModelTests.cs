using Hemingway.Core;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.SystemModel;
using Xunit;

namespace Hemingway.Modeling.Tests.Convergence;

public class ConvergenceModelTests
{
    private static readonly int[] Machines = [1, 2, 4, 8, 16, 32];

    [Fact]
    public void Learns_a_linear_rate_and_predicts_it_within_a_small_log_error()
    {
        var observations = SyntheticTraces.Generate(Machines, 300, noise: 0.02);
        var model = ConvergenceModel.Fit("cocoa", observations);

        foreach (var m in Machines)
        {
            // Only where the traces have points: below 1e-12 the generator stops, as real traces stop at their goal.
            foreach (var i in new[] { 5, 50, 150 }.Where(i => SyntheticTraces.TrueSuboptimality(i, m) >= 1e-12))
            {
                var error = Math.Abs(Math.Log10(model.Predict(i, m)) - Math.Log10(SyntheticTraces.TrueSuboptimality(i, m)));
                Assert.True(error < 0.1, $"m = {m}, i = {i}: log10 error {error:F3}");
            }
        }

        Assert.Equal("group-k-fold by machines", model.File.CrossValidation);
        Assert.True(model.CrossValidatedLog10Error < 0.3, $"cross-validated error {model.CrossValidatedLog10Error:F3}");
    }

    [Fact]
    public void Iterations_to_reach_a_goal_are_the_first_crossing_of_the_prediction()
    {
        var model = ConvergenceModel.Fit("cocoa", SyntheticTraces.Generate(Machines, 300));
        foreach (var m in new[] { 2, 8, 16 })
        {
            var predicted = model.IterationsToReach(1e-4, m, 5000);
            Assert.NotNull(predicted);
            Assert.True(model.Predict(predicted!.Value, m) <= 1e-4);
            Assert.True(predicted == 1 || model.Predict(predicted.Value - 1, m) > 1e-4);

            // The law itself: c₁ (1 − c₀/m)^i ≤ ε first at i = ⌈log(ε/c₁)/log(1 − c₀/m)⌉.
            var truth = (int)Math.Ceiling(Math.Log(1e-4 / SyntheticTraces.C1) / Math.Log(1 - (SyntheticTraces.C0 / m)));
            Assert.True(Math.Abs(predicted.Value - truth) <= Math.Max(2, 0.05 * truth), $"m = {m}: predicted {predicted}, law {truth}");
        }

        Assert.Null(model.IterationsToReach(1e-300, 2, 100));
    }

    [Fact]
    public void The_combined_model_divides_time_by_the_system_model()
    {
        var model = ConvergenceModel.Fit("cocoa", SyntheticTraces.Generate(Machines, 300));
        var combined = new CombinedModel(model, m => 0.25);
        Assert.Equal(model.Predict(40, 8), combined.Predict(10.0, 8), 12);
        var (iterations, seconds) = combined.TimeToReach(1e-4, 8, 5000)!.Value;
        Assert.Equal(iterations * 0.25, seconds, 12);
    }

    [Fact]
    public void A_bundle_saves_and_loads_both_models()
    {
        var convergence = ConvergenceModel.Fit("cocoa+", SyntheticTraces.Generate(Machines, 100));
        var system = ErnestModel.Fit(Machines.Select(m => new ErnestPoint(m, 1.0, 0.1 + (0.5 / m) + (0.002 * m))).ToList());
        var path = Path.Combine(Path.GetTempPath(), $"hemingway-model-{Guid.NewGuid():N}.json");
        try
        {
            new ModelBundle(convergence, system).Save(path);
            var loaded = ModelBundle.Load(path);
            Assert.Equal(convergence.File.Coefficients, loaded.Convergence.File.Coefficients);
            Assert.Equal(convergence.Predict(33, 4), loaded.Convergence.Predict(33, 4));
            Assert.Equal(system.Predict(64, 1.0), loaded.System!.Predict(64, 1.0), 12);
            Assert.Equal(system.Predict(16, 1.0), loaded.Combined!.SecondsPerIteration(16), 12);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_inputs_say_what_is_wrong()
    {
        var few = SyntheticTraces.Generate([4], 5);
        Assert.Contains("needs at least 10", Assert.Throws<HemingwayException>(() => ConvergenceModel.Fit("gd", few)).Message, StringComparison.Ordinal);

        var path = Path.Combine(Path.GetTempPath(), $"hemingway-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"convergence\": {\"features\": [\"x\"]}}");
        try
        {
            Assert.Contains(path, Assert.Throws<HemingwayException>(() => ModelBundle.Load(path)).Message, StringComparison.Ordinal);
            File.WriteAllText(path, "not json");
            Assert.Contains(path, Assert.Throws<HemingwayException>(() => ModelBundle.Load(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Contains("no such model file", Assert.Throws<HemingwayException>(() => ModelBundle.Load(path)).Message, StringComparison.Ordinal);
    }
}
