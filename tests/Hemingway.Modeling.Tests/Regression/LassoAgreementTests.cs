using Hemingway.Modeling.Regression;
using Xunit;

namespace Hemingway.Modeling.Tests.Regression;

/// <summary>
/// Lasso.Fit against scikit-learn's <c>Lasso(alpha, tol=1e-10, max_iter=100000)</c> at several alphas, with and
/// without an intercept, on a correlated random design and on the trace design: coefficients and intercept within
/// 1e-6, and the same epochs and duality gap (the same solver from w = 0).
/// </summary>
public class LassoAgreementTests
{
    private const double Tolerance = 1e-10;
    private const int MaxIterations = 100_000;

    [Fact]
    public void Fits_agree_with_scikit_learn_lasso()
    {
        var random = Designs.Random(seed: 11, rows: 300, features: 12, informative: 5, correlation: 0.9);
        var trace = Designs.Trace();
        var (traceZ, _, _) = Designs.Standardize(trace.X);
        var (randomZ, _, _) = Designs.Standardize(random.X);
        (string Name, double[,] X, double[] Y, bool Intercept, double[] Alphas)[] cases =
        [
            ("random", random.X, random.Y, true, [1.0, 0.1, 0.01, 0.001]),
            ("random-standardised-no-intercept", randomZ, random.Y, false, [0.5, 0.05, 0.005]),
            ("trace-standardised", traceZ, trace.Y, true, [1.0, 0.1, 0.01]),
        ];

        var reference = ScikitLearnLasso.Run(cases.Select(c => (
            ScikitLearnLasso.Case("lasso", c.Name, new { alphas = c.Alphas, tol = Tolerance, max_iter = MaxIterations, fit_intercept = c.Intercept }),
            (double[,]?)c.X,
            (double[]?)c.Y)));

        foreach (var c in cases)
        {
            var expected = ScikitLearnLasso.ParseLasso(reference[c.Name]!);
            for (var a = 0; a < c.Alphas.Length; a++)
            {
                var fit = Lasso.Fit(c.X, c.Y, c.Alphas[a], new LassoOptions(Tolerance, MaxIterations, c.Intercept));
                var what = $"{c.Name} at alpha {c.Alphas[a]}";
                for (var j = 0; j < fit.Coefficients.Length; j++)
                {
                    AssertClose(expected[a].Coef[j], fit.Coefficients[j], 1e-6, $"{what}: coefficient {j}");
                }

                AssertClose(expected[a].Intercept, fit.Intercept, 1e-6, $"{what}: intercept");
                if (!c.Intercept)
                {
                    Assert.Equal(0.0, fit.Intercept);
                }

                Assert.Equal(c.Alphas[a], fit.Alpha);
                Assert.True(Math.Abs(expected[a].NIter - fit.Iterations) <= 1, $"{what}: {fit.Iterations} epochs, scikit-learn {expected[a].NIter}");
                Assert.Equal(expected[a].NIter < MaxIterations, fit.Converged);
                Assert.True(
                    Math.Abs(expected[a].DualGap - fit.DualGap) <= 1e-3 * Math.Abs(expected[a].DualGap) + 1e-15,
                    $"{what}: gap {fit.DualGap:E3}, scikit-learn {expected[a].DualGap:E3}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2})");
}
