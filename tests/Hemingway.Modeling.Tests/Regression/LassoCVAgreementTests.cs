using Hemingway.Modeling.Regression;
using Xunit;

namespace Hemingway.Modeling.Tests.Regression;

/// <summary>
/// Every design of <see cref="LassoCVAgreementTests"/> fitted once by scikit-learn (one Python process) and once by us.
/// scikit-learn gets X already standardised by the test (population std) and
/// <c>LassoCV(cv=KFold(5) or GroupKFold(5), n_alphas=100, eps=1e-3, tol=1e-10, max_iter=100000, fit_intercept=True)</c>;
/// we get the raw X with Standardize on, the same tolerance and iteration limit.
/// </summary>
public sealed class LassoCVAgreementFixture
{
    internal const double Tolerance = 1e-10;
    internal const int MaxIterations = 100_000;

    public LassoCVAgreementFixture()
    {
        var random = Designs.Random(seed: 6, rows: 600, features: 10, informative: 4, correlation: 0.8);
        Design[] designs =
        [
            Designs.Random(seed: 1, rows: 50, features: 3, informative: 2, correlation: 0.8),
            Designs.Random(seed: 2, rows: 50, features: 40, informative: 5, correlation: 0.8),
            Designs.Random(seed: 3, rows: 400, features: 15, informative: 6, correlation: 0.95),
            Designs.Random(seed: 4, rows: 2000, features: 25, informative: 8, correlation: 0.7),
            Designs.Trace() with { Groups = null },
            Designs.Trace() with { Name = "trace-grouped" },

            // 30 groups of 20 rows, interleaved: equal sizes past NumPy's 16-element insertion sort, so GroupKFold's
            // order depends on exactly how argsort breaks ties.
            random with { Name = "random-grouped", Groups = Enumerable.Range(0, 600).Select(i => 100 + (i * 7 % 30)).ToArray() },
        ];

        Cases = designs.Select(d => (Design: d, Standardized: Designs.Standardize(d.X))).ToArray();
        var reference = ScikitLearnLasso.Run(Cases.Select(c => (
            ScikitLearnLasso.Case("lassocv", c.Design.Name, new
            {
                folds = 5,
                n_alphas = 100,
                eps = 1e-3,
                tol = Tolerance,
                max_iter = MaxIterations,
                groups = c.Design.Groups,
            }),
            (double[,]?)c.Standardized.Z,
            (double[]?)c.Design.Y)));
        References = Cases.ToDictionary(c => c.Design.Name, c => ScikitLearnLasso.ParseLassoCV(reference[c.Design.Name]!));
        Fits = Cases.ToDictionary(c => c.Design.Name, c => LassoCV.Fit(c.Design.X, c.Design.Y, new LassoCVOptions(
            Folds: 5, Groups: c.Design.Groups, Lasso: new LassoOptions(Tolerance, MaxIterations))));
    }

    internal (Design Design, (double[,] Z, double[] Means, double[] Scales) Standardized)[] Cases { get; }

    internal Dictionary<string, LassoCVReference> References { get; }

    internal Dictionary<string, LassoCVFit> Fits { get; }
}

/// <summary>
/// LassoCV against scikit-learn's on the same designs: the same grid and chosen alpha (relative 1e-12), the same CV
/// error path (relative 1e-6), coefficients and intercept within 1e-6 (in the standardised scale, where scikit-learn
/// fitted), and our standardisation equal to the test's own.
/// </summary>
public class LassoCVAgreementTests(LassoCVAgreementFixture fixture) : IClassFixture<LassoCVAgreementFixture>
{
    public static TheoryData<string> Names =>
    [
        "random-1-50x3", "random-2-50x40", "random-3-400x15", "random-4-2000x25", "trace", "trace-grouped", "random-grouped",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void Standardisation_is_the_population_one(string name)
    {
        var (_, standardized) = fixture.Cases.Single(c => c.Design.Name == name);
        var fit = fixture.Fits[name];
        for (var j = 0; j < standardized.Means.Length; j++)
        {
            AssertClose(standardized.Means[j], fit.FeatureMeans[j], 1e-12, $"{name}: mean of feature {j}");
            AssertClose(standardized.Scales[j], fit.FeatureScales[j], 1e-12, $"{name}: scale of feature {j}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Same_alpha_grid_and_chosen_alpha(string name)
    {
        var reference = fixture.References[name];
        var fit = fixture.Fits[name];
        Assert.Equal(reference.Alphas.Length, fit.AlphaGrid.Length);
        for (var k = 0; k < fit.AlphaGrid.Length; k++)
        {
            AssertRelative(reference.Alphas[k], fit.AlphaGrid[k], 1e-12, $"{name}: grid point {k}");
        }

        AssertRelative(reference.Alpha, fit.Alpha, 1e-12, $"{name}: chosen alpha");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Same_cross_validation_error_path(string name)
    {
        var reference = fixture.References[name];
        var fit = fixture.Fits[name];
        Assert.Equal(reference.MsePath.Length, fit.MsePath.GetLength(0));
        Assert.Equal(reference.MsePath[0].Length, fit.MsePath.GetLength(1));
        for (var a = 0; a < reference.MsePath.Length; a++)
        {
            for (var f = 0; f < reference.MsePath[a].Length; f++)
            {
                AssertRelative(reference.MsePath[a][f], fit.MsePath[a, f], 1e-6, $"{name}: MSE at alpha {a}, fold {f}");
            }
        }

        var best = Array.IndexOf(fit.AlphaGrid, fit.Alpha);
        AssertRelative(reference.MsePath[best].Average(), fit.CrossValidatedMse, 1e-6, $"{name}: CV MSE");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Coefficients_and_intercept_within_1e_6(string name)
    {
        var (_, standardized) = fixture.Cases.Single(c => c.Design.Name == name);
        var reference = fixture.References[name];
        var fit = fixture.Fits[name];
        var intercept = fit.Intercept;
        for (var j = 0; j < reference.Coef.Length; j++)
        {
            // Ours are in the original scale: w_j · scale_j is the coefficient of the standardised feature.
            AssertClose(reference.Coef[j], fit.Coefficients[j] * standardized.Scales[j], 1e-6, $"{name}: coefficient {j}");
            intercept += fit.Coefficients[j] * standardized.Means[j];
        }

        AssertClose(reference.Intercept, intercept, 1e-6, $"{name}: intercept (standardised scale)");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Final_fit_reports_scikit_learns_diagnostics(string name)
    {
        var reference = fixture.References[name];
        var fit = fixture.Fits[name];
        // The same solver from the same start: the same epochs (one apart at most, should rounding tip a stopping
        // check) and, when equal, the same gap up to the cancellation in its terms.
        Assert.True(Math.Abs(reference.NIter - fit.Iterations) <= 1, $"{name}: {fit.Iterations} epochs, scikit-learn {reference.NIter}");
        if (reference.NIter == fit.Iterations)
        {
            AssertRelative(reference.DualGap, fit.DualGap, 1e-3, $"{name}: duality gap");
        }

        if (reference.NIter < LassoCVAgreementFixture.MaxIterations)
        {
            // Converged on both sides: both gaps below tol · ‖y − ȳ‖² / n.
            var y = fixture.Cases.Single(c => c.Design.Name == name).Design.Y;
            var mean = y.Average();
            var bound = LassoCVAgreementFixture.Tolerance * y.Sum(v => (v - mean) * (v - mean)) / y.Length;
            Assert.True(fit.DualGap < bound, $"{name}: gap {fit.DualGap} ≥ {bound}");
            Assert.True(reference.DualGap < bound, $"{name}: scikit-learn's gap {reference.DualGap} ≥ {bound}");
        }
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R} (relative difference {Math.Abs(expected - actual) / Math.Abs(expected):E2})");

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2})");
}
