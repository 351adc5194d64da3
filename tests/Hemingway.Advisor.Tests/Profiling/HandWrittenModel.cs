using System.Text.Json;
using Hemingway.Modeling.Convergence;

namespace Hemingway.Advisor.Tests.Profiling;

/// <summary>
/// Convergence models written by hand: ln g = intercept + Σ coefficient × feature, for the named features of the
/// library, so a test knows every value of ln g in closed form instead of trusting a fit.
/// </summary>
internal static class HandWrittenModel
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ConvergenceModel Create(double intercept, params (string Feature, double Coefficient)[] terms)
    {
        var names = FeatureLibrary.Names.ToArray();
        var coefficients = new double[names.Length];
        foreach (var (feature, coefficient) in terms)
        {
            var index = Array.IndexOf(names, feature);
            if (index < 0)
            {
                throw new ArgumentException($"no feature '{feature}' in the library", nameof(terms));
            }

            coefficients[index] = coefficient;
        }

        var file = new ConvergenceModelFile(
            "hand", ConvergenceTarget.Suboptimality.Label, names, coefficients, intercept, 0, 0.1, "none", 0, 1, 1, [1]);
        return ConvergenceModel.FromJson(JsonSerializer.Serialize(file, SnakeCase), "hand-written model");
    }
}
