using FsCheck;
using FsCheck.Fluent;
using Hemingway.Core;
using Hemingway.Modeling.Regression;
using Xunit;

namespace Hemingway.Modeling.Tests.Regression;

/// <summary>
/// Invariants checked without a reference implementation: the duality gap against its formula, weak duality, warm
/// starts against cold fits, the alpha grid against its definition, the mapping back from standardised features,
/// determinism under parallel folds, and clear errors on bad input.
/// </summary>
public class LassoPropertyTests
{
    private static readonly Gen<(int Rows, int Features, int Seed, double AlphaFraction, int MaxIterations, bool Intercept)> Problems =
        from rows in Gen.Choose(3, 60)
        from features in Gen.Choose(1, 15)
        from seed in Gen.Choose(0, int.MaxValue)
        from exponent in Gen.Choose(-400, 20)
        from maxIterations in Gen.Choose(1, 60)
        from intercept in Gen.Elements(true, false)
        select (rows, features, seed, Math.Pow(10, exponent / 100.0), maxIterations, intercept);

    [Fact]
    public void Reported_gap_is_the_gap_recomputed_from_its_formula_and_never_negative()
    {
        Prop.ForAll(Problems.ToArbitrary(), s =>
        {
            var design = Designs.Random(s.Seed, s.Rows, s.Features, informative: Math.Min(3, s.Features), correlation: 0.8);
            var alphaMax = AlphaMax(design.X, design.Y, s.Intercept);
            var options = new LassoOptions(Tolerance: 1e-6, MaxIterations: s.MaxIterations, FitIntercept: s.Intercept);
            var fit = Lasso.Fit(design.X, design.Y, s.AlphaFraction * alphaMax, options);
            var (gap, scale) = RecomputedGap(design.X, design.Y, fit, s.Intercept);
            var stoppedRight = fit.Converged
                ? fit.DualGap < options.Tolerance * scale
                : fit.Iterations == s.MaxIterations;
            return Math.Abs(gap - fit.DualGap) <= 1e-10 * Math.Max(scale, 1e-300)
                && fit.DualGap >= -1e-12 * scale
                && stoppedRight;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Gap_of_an_unconverged_fit_matches_its_formula_too()
    {
        var design = Designs.Trace();
        var fit = Lasso.Fit(design.X, design.Y, 1e-4, new LassoOptions(Tolerance: 1e-12, MaxIterations: 5));
        Assert.False(fit.Converged);
        Assert.Equal(5, fit.Iterations);
        var (gap, scale) = RecomputedGap(design.X, design.Y, fit, intercept: true);
        Assert.True(fit.DualGap > 1e-12 * scale, $"gap {fit.DualGap} is already below the tolerance");
        Assert.True(Math.Abs(gap - fit.DualGap) <= 1e-9 * Math.Abs(gap), $"reported {fit.DualGap:R}, recomputed {gap:R}");

        // The path uses the Gram solver here (more rows than features), whose gap comes from ‖y‖² + wᵀXᵀXw − 2 yᵀXw.
        foreach (var step in Lasso.Path(design.X, design.Y, [1e-1, 1e-2, 1e-3, 1e-4], new LassoOptions(Tolerance: 1e-12, MaxIterations: 3)))
        {
            Assert.False(step.Converged);
            var (recomputed, _) = RecomputedGap(design.X, design.Y, step, intercept: true);
            Assert.True(
                Math.Abs(recomputed - step.DualGap) <= 1e-7 * Math.Abs(recomputed),
                $"alpha {step.Alpha}: reported {step.DualGap:R}, recomputed {recomputed:R}");
        }
    }

    [Theory]
    [InlineData(400, 12, 21)]
    [InlineData(30, 8, 22)]
    public void Warm_started_path_equals_cold_fits(int rows, int features, int seed)
    {
        var raw = Designs.Random(seed, rows, features, informative: 4, correlation: 0.9);
        var design = raw with { X = Designs.Standardize(raw.X).Z };
        var options = new LassoOptions(Tolerance: 1e-14, MaxIterations: 1_000_000);
        var grid = LassoCV.AlphaGrid(design.X, design.Y, 20, 1e-3, fitIntercept: true);

        // Given ascending, solved and returned descending.
        var path = Lasso.Path(design.X, design.Y, grid.Reverse().ToArray(), options);
        Assert.Equal(grid, path.Select(fit => fit.Alpha));
        double[]? previous = null;
        foreach (var fit in path)
        {
            var cold = Lasso.Fit(design.X, design.Y, fit.Alpha, options);
            var warm = Lasso.Fit(design.X, design.Y, fit.Alpha, options, warmStart: previous);
            Assert.True(fit.Converged && cold.Converged && warm.Converged);
            foreach (var other in new[] { cold, warm })
            {
                for (var j = 0; j < features; j++)
                {
                    Assert.True(
                        Math.Abs(fit.Coefficients[j] - other.Coefficients[j]) <= 1e-8 * Math.Max(1, Math.Abs(other.Coefficients[j])),
                        $"alpha {fit.Alpha}: coefficient {j} is {fit.Coefficients[j]:R} on the path, {other.Coefficients[j]:R} fitted alone");
                }

                Assert.True(Math.Abs(fit.Intercept - other.Intercept) <= 1e-8 * Math.Max(1, Math.Abs(other.Intercept)));
            }

            previous = fit.Coefficients;
        }

        // A warm start already at the optimum needs a single epoch to confirm it.
        var last = path[^1];
        var confirmed = Lasso.Fit(design.X, design.Y, last.Alpha, options, warmStart: last.Coefficients);
        var fromZero = Lasso.Fit(design.X, design.Y, last.Alpha, options);
        Assert.True(confirmed.Iterations * 10 < fromZero.Iterations, $"{confirmed.Iterations} epochs from the optimum, {fromZero.Iterations} from zero");
    }

    [Fact]
    public void Alpha_grid_follows_its_definition()
    {
        var design = Designs.Random(seed: 31, rows: 80, features: 6, informative: 3, correlation: 0.5);
        foreach (var intercept in new[] { true, false })
        {
            var alphaMax = AlphaMax(design.X, design.Y, intercept);
            var grid = LassoCV.AlphaGrid(design.X, design.Y, 50, 1e-2, intercept);
            Assert.Equal(50, grid.Length);
            Assert.True(Math.Abs(grid[0] - alphaMax) <= 1e-12 * alphaMax, $"{grid[0]:R} vs alpha_max {alphaMax:R}");
            Assert.True(Math.Abs(grid[^1] - (alphaMax * 1e-2)) <= 1e-12 * alphaMax * 1e-2);
            var ratio = grid[1] / grid[0];
            Assert.All(grid.Zip(grid.Skip(1)), pair => Assert.True(Math.Abs((pair.Second / pair.First) - ratio) <= 1e-12));

            // At alpha_max the solution is w = 0 and b = ȳ (or 0).
            var top = Lasso.Fit(design.X, design.Y, grid[0] * (1 + 1e-12), new LassoOptions(FitIntercept: intercept));
            Assert.All(top.Coefficients, c => Assert.Equal(0.0, c));
            Assert.Equal(intercept ? design.Y.Average() : 0.0, top.Intercept, 12);
        }

        // NumPy's logspace with one point is its start: alpha_max·eps.
        var single = LassoCV.AlphaGrid(design.X, design.Y, 1, 1e-3, fitIntercept: true);
        Assert.Equal(AlphaMax(design.X, design.Y, true) * 1e-3, single[0], 1e-15);

        // A constant target: scikit-learn's degenerate grid of 1e-15.
        Assert.All(LassoCV.AlphaGrid(design.X, Enumerable.Repeat(2.5, 80).ToArray(), 5, 1e-3, true), a => Assert.Equal(1e-15, a));
    }

    [Fact]
    public void Standardised_fit_maps_back_to_the_original_scale()
    {
        var design = Designs.Random(seed: 41, rows: 300, features: 8, informative: 4, correlation: 0.7);
        var fit = LassoCV.Fit(design.X, design.Y);

        // The same problem handed over already standardised, by the fit's own means and scales.
        var z = new double[design.Rows, design.Features];
        for (var i = 0; i < design.Rows; i++)
        {
            for (var j = 0; j < design.Features; j++)
            {
                z[i, j] = (design.X[i, j] - fit.FeatureMeans[j]) / fit.FeatureScales[j];
            }
        }

        var plain = LassoCV.Fit(z, design.Y, new LassoCVOptions(Standardize: false));
        Assert.Equal(plain.Alpha, fit.Alpha, 1e-14);
        Assert.All(plain.FeatureMeans, m => Assert.Equal(0.0, m));
        Assert.All(plain.FeatureScales, s => Assert.Equal(1.0, s));
        for (var i = 0; i < design.Rows; i++)
        {
            var row = Enumerable.Range(0, design.Features).Select(j => design.X[i, j]).ToArray();
            var standardised = Enumerable.Range(0, design.Features).Select(j => z[i, j]).ToArray();
            Assert.Equal(plain.Predict(standardised), fit.Predict(row), 1e-9);
        }

        Assert.Equal(Enumerable.Range(0, fit.MsePath.GetLength(1)).Average(f => fit.MsePath[Array.IndexOf(fit.AlphaGrid, fit.Alpha), f]), fit.CrossValidatedMse);
        for (var a = 0; a < fit.AlphaGrid.Length; a++)
        {
            Assert.True(fit.CrossValidatedMse <= Enumerable.Range(0, 5).Average(f => fit.MsePath[a, f]));
        }
    }

    [Fact]
    public void A_constant_feature_gets_scale_one_and_no_weight()
    {
        var design = Designs.Random(seed: 51, rows: 120, features: 5, informative: 3, correlation: 0.5);
        for (var i = 0; i < design.Rows; i++)
        {
            design.X[i, 2] = 4.25;
        }

        var fit = LassoCV.Fit(design.X, design.Y, new LassoCVOptions(Folds: 4));
        Assert.Equal(1.0, fit.FeatureScales[2]);
        Assert.Equal(0.0, fit.Coefficients[2]);
        Assert.All(fit.Coefficients, c => Assert.True(double.IsFinite(c)));
        Assert.True(double.IsFinite(fit.Intercept));
    }

    [Fact]
    public void Parallel_folds_give_the_same_result_every_time()
    {
        var design = Designs.Trace();
        var options = new LassoCVOptions(Groups: design.Groups, Lasso: new LassoOptions(Tolerance: 1e-8));
        var first = LassoCV.Fit(design.X, design.Y, options);
        for (var run = 0; run < 3; run++)
        {
            var again = LassoCV.Fit(design.X, design.Y, options);
            Assert.Equal(first.Alpha, again.Alpha);
            Assert.Equal(first.Coefficients, again.Coefficients);
            Assert.Equal(first.Intercept, again.Intercept);
            Assert.Equal(first.MsePath, again.MsePath);
            Assert.Equal(first.Iterations, again.Iterations);
        }
    }

    [Fact]
    public void Bad_input_is_a_clear_user_error()
    {
        var design = Designs.Random(seed: 61, rows: 20, features: 3, informative: 2, correlation: 0.5);
        var x = design.X;
        var y = design.Y;
        var nan = (double[,])x.Clone();
        nan[4, 1] = double.NaN;

        AssertUserError(() => Lasso.Fit(x, y[..^1], 0.1), "19 values");
        AssertUserError(() => Lasso.Fit(nan, y, 0.1), "x[4, 1]");
        AssertUserError(() => Lasso.Fit(x, [.. y[..^1], double.PositiveInfinity], 0.1), "y[19]");
        AssertUserError(() => Lasso.Fit(new double[0, 3], [], 0.1), "empty");
        AssertUserError(() => Lasso.Fit(x, y, -1), "alpha");
        AssertUserError(() => Lasso.Fit(x, y, double.NaN), "alpha");
        AssertUserError(() => Lasso.Fit(x, y, 0.1, warmStart: [1.0]), "warm start");
        AssertUserError(() => Lasso.Fit(x, y, 0.1, new LassoOptions(Tolerance: -1)), "tolerance");
        AssertUserError(() => Lasso.Fit(x, y, 0.1, new LassoOptions(MaxIterations: 0)), "iterations");
        AssertUserError(() => Lasso.Path(x, y, []), "at least one alpha");
        AssertUserError(() => LassoCV.Fit(x, y, new LassoCVOptions(Alphas: 0)), "at least one alpha");
        AssertUserError(() => LassoCV.Fit(x, y, new LassoCVOptions(Epsilon: 0)), "epsilon");
        AssertUserError(() => LassoCV.Fit(x, y, new LassoCVOptions(Folds: 1)), "2 folds");
        AssertUserError(() => LassoCV.Fit(x, y, new LassoCVOptions(Folds: 21)), "21 folds");
        AssertUserError(() => LassoCV.Fit(x, y, new LassoCVOptions(Groups: [1, 2, 3])), "3 group labels for 20 rows");
        AssertUserError(() => LassoCV.Fit(x, y, new LassoCVOptions(Groups: Enumerable.Range(0, 20).Select(i => i % 3).ToArray())), "distinct groups (3)");
        AssertUserError(() => LassoCV.Fit(x, y, new LassoCVOptions(Lasso: new LassoOptions(MaxIterations: -5))), "iterations");
        AssertUserError(() => LassoCV.AlphaGrid(x, y, 0, 1e-3, true), "at least one alpha");
    }

    private static void AssertUserError(Action action, string fragment)
    {
        var error = Assert.Throws<HemingwayException>(action);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>max_j |X_cᵀ y_c| / n, computed plainly.</summary>
    private static double AlphaMax(double[,] x, double[] y, bool intercept)
    {
        var (xc, yc) = Centre(x, y, intercept);
        var max = 0.0;
        for (var j = 0; j < xc.GetLength(1); j++)
        {
            var dot = 0.0;
            for (var i = 0; i < yc.Length; i++)
            {
                dot += xc[i, j] * yc[i];
            }

            max = Math.Max(max, Math.Abs(dot));
        }

        return max / y.Length;
    }

    /// <summary>
    /// P(w, b) − D(ν) from the definitions: P = (1/(2n)) ‖y − Xw − b‖² + α‖w‖₁ on the original data, and the Lasso dual
    /// D(ν) = (1/(2n)) (‖y_c‖² − ‖y_c − ν‖²) of the centred problem at ν = s·r, s = min(1, nα / ‖X_cᵀr‖∞). Returns it
    /// with the scale ‖y_c‖² / n of the stopping rule.
    /// </summary>
    private static (double Gap, double Scale) RecomputedGap(double[,] x, double[] y, LassoFit fit, bool intercept)
    {
        var n = y.Length;
        var (xc, yc) = Centre(x, y, intercept);
        var residual = new double[n];
        for (var i = 0; i < n; i++)
        {
            residual[i] = y[i] - fit.Intercept;
            for (var j = 0; j < fit.Coefficients.Length; j++)
            {
                residual[i] -= x[i, j] * fit.Coefficients[j];
            }
        }

        var primal = (residual.Sum(r => r * r) / (2.0 * n)) + (fit.Alpha * fit.Coefficients.Sum(Math.Abs));
        var dualNorm = 0.0;
        for (var j = 0; j < fit.Coefficients.Length; j++)
        {
            var dot = 0.0;
            for (var i = 0; i < n; i++)
            {
                dot += xc[i, j] * residual[i];
            }

            dualNorm = Math.Max(dualNorm, Math.Abs(dot));
        }

        var s = dualNorm > n * fit.Alpha ? n * fit.Alpha / dualNorm : 1.0;
        var yNorm2 = yc.Sum(v => v * v);
        var distance = yc.Select((v, i) => (v - (s * residual[i])) * (v - (s * residual[i]))).Sum();
        var dual = (yNorm2 - distance) / (2.0 * n);
        return (primal - dual, yNorm2 / n);
    }

    private static (double[,] X, double[] Y) Centre(double[,] x, double[] y, bool intercept)
    {
        var rows = x.GetLength(0);
        var features = x.GetLength(1);
        var xc = (double[,])x.Clone();
        var yc = (double[])y.Clone();
        if (!intercept)
        {
            return (xc, yc);
        }

        var yMean = y.Average();
        for (var i = 0; i < rows; i++)
        {
            yc[i] -= yMean;
        }

        for (var j = 0; j < features; j++)
        {
            var mean = 0.0;
            for (var i = 0; i < rows; i++)
            {
                mean += x[i, j];
            }

            mean /= rows;
            for (var i = 0; i < rows; i++)
            {
                xc[i, j] -= mean;
            }
        }

        return (xc, yc);
    }
}
