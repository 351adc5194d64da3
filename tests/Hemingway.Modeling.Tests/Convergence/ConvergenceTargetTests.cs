using System.Globalization;
using Hemingway.Core;
using Hemingway.Modeling.Convergence;
using Xunit;

namespace Hemingway.Modeling.Tests.Convergence;

public class ConvergenceTargetTests
{
    private static readonly int[] Machines = [1, 2, 4, 8, 16, 32];

    [Theory]
    [InlineData("subopt", "ln(P - P*)")]
    [InlineData("gap", "ln(gap)")]
    [InlineData("test-error", "ln(test error)")]
    public void A_model_says_what_it_fitted_and_keeps_it_through_a_bundle(string name, string label)
    {
        var target = ConvergenceTarget.Parse(name);
        var model = ConvergenceModel.Fit("cocoa", SyntheticTraces.Generate(Machines, 100), target: target);
        Assert.Same(target, model.Target);
        Assert.Equal(label, model.File.Target);

        var path = Path.Combine(Path.GetTempPath(), $"hemingway-target-{Guid.NewGuid():N}.json");
        try
        {
            new ModelBundle(model, null).Save(path);
            var loaded = ModelBundle.Load(path).Convergence;
            Assert.Same(target, loaded.Target);
            Assert.Equal(model.Predict(17, 4), loaded.Predict(17, 4));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_model_file_written_before_targets_were_chosen_loads_as_a_model_of_P_minus_P_star()
    {
        // The convergence part of a bundle as the first version of hemingway fit wrote it.
        var coefficients = new double[FeatureLibrary.Names.Count];
        coefficients[FeatureLibrary.Names.ToList().IndexOf("log(i)")] = -1.5;
        coefficients[FeatureLibrary.Names.ToList().IndexOf("i/m")] = -0.25;
        var json = $$"""
            {
              "algorithm": "cocoa+",
              "target": "ln(P - P*)",
              "features": [{{string.Join(", ", FeatureLibrary.Names.Select(n => $"\"{n}\""))}}],
              "coefficients": [{{string.Join(", ", coefficients.Select(c => c.ToString("R", CultureInfo.InvariantCulture)))}}],
              "intercept": -2,
              "alpha": 0.01,
              "cross_validated_log10_error": 0.1,
              "cross_validation": "group-k-fold by machines",
              "observations": 100,
              "min_iteration": 1,
              "max_iteration": 50,
              "machines": [1, 2, 4, 8]
            }
            """;
        var model = ConvergenceModel.FromJson(json, "old.json");
        Assert.Same(ConvergenceTarget.Suboptimality, model.Target);
        Assert.Equal(-2 - (1.5 * Math.Log(10)) - (0.25 * 10 / 8.0), model.LogSuboptimality(10, 8), 12);

        var unknown = json.Replace("ln(P - P*)", "ln(accuracy)", StringComparison.Ordinal);
        var error = Assert.Throws<HemingwayException>(() => ConvergenceModel.FromJson(unknown, "new.json"));
        Assert.StartsWith("new.json: the convergence model's target 'ln(accuracy)'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_targets_and_too_few_values_say_what_is_wrong()
    {
        var error = Assert.Throws<HemingwayException>(() => ConvergenceTarget.Parse("accuracy"));
        Assert.Equal("unknown target 'accuracy': expected one of subopt, gap, test-error", error.Message);

        var few = SyntheticTraces.Generate([4], 5);
        error = Assert.Throws<HemingwayException>(() => ConvergenceModel.Fit("cocoa", few, target: ConvergenceTarget.TestError));
        Assert.Contains("test error > 0", error.Message, StringComparison.Ordinal);
    }
}
