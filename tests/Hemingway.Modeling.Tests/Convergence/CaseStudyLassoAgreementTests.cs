using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Regression;
using Hemingway.Modeling.Tests.Regression;
using Xunit;

namespace Hemingway.Modeling.Tests.Convergence;

/// <summary>
/// The convergence model's design built from the real case-study traces, fitted once by scikit-learn and once by us.
/// The rows are (i, m) for i ≥ 1, X = <see cref="FeatureLibrary.Design"/>, y = ln(P − P*), groups = m. The designs are
/// CoCoA on every m, and CoCoA+ on m = 1..64 (the fit that predicts m = 128). scikit-learn gets X standardised by the
/// test (population std) and <c>LassoCV(cv=GroupKFold(5) by m, n_alphas=100, eps=1e-3, tol=1e-10, max_iter=100000)</c>.
/// We get the raw X with Standardize on, the same tolerance and the same iteration limit. Our fits run while
/// scikit-learn's process does.
/// </summary>
public sealed class CaseStudyLassoFixture
{
    internal const double Tolerance = 1e-10;
    internal const int MaxIterations = 100_000;

    public CaseStudyLassoFixture()
    {
        Cases = [Build("cocoa", 128), Build("cocoa+", 64)];
        var python = Task.Run(() => ScikitLearnLasso.Run(Cases.Select(c => (
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
            (double[]?)c.Design.Y))));
        Fits = Cases.ToDictionary(c => c.Design.Name, c => LassoCV.Fit(c.Design.X, c.Design.Y, new LassoCVOptions(
            Folds: 5, Groups: c.Design.Groups, Lasso: new LassoOptions(Tolerance, MaxIterations))));
        var reference = python.GetAwaiter().GetResult();
        References = Cases.ToDictionary(c => c.Design.Name, c => ScikitLearnLasso.ParseLassoCV(reference[c.Design.Name]!));
    }

    internal (Design Design, string Algorithm, List<ConvergenceObservation> Observations, (double[,] Z, double[] Means, double[] Scales) Standardized)[] Cases { get; }

    internal Dictionary<string, LassoCVReference> References { get; }

    internal Dictionary<string, LassoCVFit> Fits { get; }

    private static (Design, string, List<ConvergenceObservation>, (double[,], double[], double[])) Build(string algorithm, int maxMachines)
    {
        // The observations ConvergenceModel.Fit uses, in the same order.
        var observations = CaseStudyTraces.Of(algorithm)
            .Where(o => o.Machines <= maxMachines && o.Iteration >= 1 && o.Suboptimality > 0 && double.IsFinite(o.Suboptimality))
            .ToList();
        var x = FeatureLibrary.Design(observations.Select(o => ((double)o.Iteration, (double)o.Machines)).ToList());
        var y = observations.Select(o => Math.Log(o.Suboptimality)).ToArray();
        var design = new Design($"{algorithm}-m1-{maxMachines}", x, y, observations.Select(o => o.Machines).ToArray());
        return (design, algorithm, observations, Designs.Standardize(x));
    }
}

/// <summary>
/// LassoCV on designs from real traces against scikit-learn's. The chosen alpha must agree to relative 1e-12, and the
/// coefficients and intercept within 1e-6 in the standardised scale, where scikit-learn fitted. Checked for
/// <see cref="LassoCV"/> on both designs, and for <see cref="ConvergenceModel.Fit"/>, which builds the design itself
/// and saves coefficients in the original scale, on CoCoA's (one fit is enough; a Debug build fits slowly at tol 1e-10).
/// </summary>
public class CaseStudyLassoAgreementTests(CaseStudyLassoFixture fixture) : IClassFixture<CaseStudyLassoFixture>
{
    public static TheoryData<string> Names => ["cocoa-m1-128", "cocoa+-m1-64"];

    [Theory]
    [MemberData(nameof(Names))]
    public void LassoCV_chooses_scikit_learns_alpha_and_coefficients(string name)
    {
        var (design, _, _, standardized) = fixture.Cases.Single(c => c.Design.Name == name);
        var reference = fixture.References[name];
        var fit = fixture.Fits[name];

        Assert.Equal(FeatureLibrary.Names.Count, design.Features);
        AssertRelative(reference.Alpha, fit.Alpha, 1e-12, $"{name}: chosen alpha");
        AssertCoefficients(name, reference, standardized, fit.Coefficients, fit.Intercept);
    }

    [Fact]
    public void The_convergence_model_fits_what_scikit_learn_fits()
    {
        const string Name = "cocoa-m1-128";
        var (_, algorithm, observations, standardized) = fixture.Cases.Single(c => c.Design.Name == Name);
        var reference = fixture.References[Name];
        var model = ConvergenceModel.Fit(algorithm, CaseStudyTraces.Of(algorithm), new LassoOptions(CaseStudyLassoFixture.Tolerance, CaseStudyLassoFixture.MaxIterations));

        Assert.Equal(observations.Count, model.File.Observations);
        Assert.Equal("group-k-fold by machines", model.File.CrossValidation);
        Assert.Equal(FeatureLibrary.Names, model.File.Features);
        AssertRelative(reference.Alpha, model.File.Alpha, 1e-12, $"{Name}: the model's alpha");
        AssertCoefficients(Name, reference, standardized, model.File.Coefficients, model.File.Intercept);
    }

    private static void AssertCoefficients(
        string name, LassoCVReference reference, (double[,] Z, double[] Means, double[] Scales) standardized, double[] coefficients, double intercept)
    {
        Assert.Equal(reference.Coef.Length, coefficients.Length);
        Assert.Contains(reference.Coef, c => c != 0);
        for (var j = 0; j < reference.Coef.Length; j++)
        {
            // Ours are in the original scale: w_j · scale_j is the coefficient of the standardised feature.
            AssertClose(reference.Coef[j], coefficients[j] * standardized.Scales[j], 1e-6, $"{name}: coefficient of {FeatureLibrary.Names[j]}");
            intercept += coefficients[j] * standardized.Means[j];
        }

        AssertClose(reference.Intercept, intercept, 1e-6, $"{name}: intercept (standardised scale)");
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
