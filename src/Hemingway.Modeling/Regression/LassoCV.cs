using System.Numerics.Tensors;
using Hemingway.Core;

namespace Hemingway.Modeling.Regression;

/// <summary>
/// The Lasso with α chosen by cross-validation, as scikit-learn's <c>LassoCV</c> (1.2.1): it minimises
/// <code>(1 / (2n)) ‖y − Xw − b‖² + α ‖w‖₁</code>
/// with α from a grid computed once on all rows; every fold solves the whole path (descending α, warm starts, the Gram
/// solver when the fold has more training rows than features, as <c>precompute='auto'</c> does) on its own centred
/// training rows and scores the held-out rows; α is the grid point with the least mean held-out MSE (the larger α on a
/// tie), and the model is refitted on all rows at that α (residual solver, from w = 0). With
/// <see cref="LassoCVOptions.Standardize"/> the features are standardised first. The folds run in parallel; each is
/// computed the same way whatever the thread timing, so the result is deterministic.
/// </summary>
public static class LassoCV
{
    /// <summary>NumPy's <c>finfo(float).resolution</c>: scikit-learn's floor for a degenerate grid.</summary>
    private const double Resolution = 1e-15;

    /// <summary>Cross-validates the grid and refits on all rows; x is row-major, [rows, features].</summary>
    /// <exception cref="HemingwayException">
    /// Mismatched sizes, non-finite values, more folds than rows (or than distinct groups) or bad options.
    /// </exception>
    public static LassoCVFit Fit(double[,] x, double[] y, LassoCVOptions? options = null)
    {
        options ??= new LassoCVOptions();
        var design = ColumnMajorMatrix.FromDesign(x, y, "lasso-cv");
        options.Validate(design.Rows);
        var lasso = options.Lasso ?? new LassoOptions();
        var features = design.Columns;

        double[] means, scales;
        if (options.Standardize)
        {
            (means, scales) = design.Standardize(centre: lasso.FitIntercept);
        }
        else
        {
            means = new double[features];
            scales = new double[features];
            Array.Fill(scales, 1.0);
        }

        var folds = options.Groups is null
            ? CrossValidationFolds.KFold(design.Rows, options.Folds)
            : CrossValidationFolds.GroupKFold(options.Groups, options.Folds);
        var all = LassoProblem.Create(design, y, rows: null, lasso.FitIntercept);
        var grid = Grid(all.AlphaMax(), options.Alphas, options.Epsilon);

        var mse = new double[grid.Length, folds.Length];
        Parallel.For(0, folds.Length, f => ScoreFold(design, y, folds[f], grid, lasso, mse, f));

        var best = 0;
        var bestMse = double.PositiveInfinity;
        for (var a = 0; a < grid.Length; a++)
        {
            var sum = 0.0;
            for (var f = 0; f < folds.Length; f++)
            {
                sum += mse[a, f];
            }

            // np.argmin: the first minimum, i.e. the largest α among equals.
            if (sum / folds.Length < bestMse)
            {
                bestMse = sum / folds.Length;
                best = a;
            }
        }

        var w = new double[features];
        var outcome = all.Solve(grid[best], w, lasso, gram: false);
        var intercept = all.Intercept(w);
        var coefficients = new double[features];
        for (var j = 0; j < features; j++)
        {
            coefficients[j] = w[j] / scales[j];
            intercept -= coefficients[j] * means[j];
        }

        return new LassoCVFit(grid[best], coefficients, intercept, grid, mse, outcome.Gap, outcome.Iterations, means, scales);
    }

    /// <summary>
    /// The alpha grid: logspace from alpha_max·epsilon up to alpha_max = max|Xᵀ(y − ȳ)|/n (on centred X when fitting an
    /// intercept), descending, computed as scikit-learn's <c>_alpha_grid</c> (10 to the powers of
    /// <c>np.linspace(log10(alpha_max·epsilon), log10(alpha_max), count)</c>; every point 1e-15 when alpha_max ≤ 1e-15).
    /// </summary>
    /// <exception cref="HemingwayException">Mismatched sizes, non-finite values, count &lt; 1 or epsilon ≤ 0.</exception>
    public static double[] AlphaGrid(double[,] x, double[] y, int count, double epsilon, bool fitIntercept)
    {
        var design = ColumnMajorMatrix.FromDesign(x, y, "lasso-cv");
        new LassoCVOptions(Alphas: count, Epsilon: epsilon).Validate(design.Rows);
        return Grid(LassoProblem.Create(design, y, rows: null, fitIntercept).AlphaMax(), count, epsilon);
    }

    private static double[] Grid(double alphaMax, int count, double epsilon)
    {
        var grid = new double[count];
        if (alphaMax <= Resolution)
        {
            Array.Fill(grid, Resolution);
            return grid;
        }

        // np.logspace(start, stop, count) = 10 ** np.linspace(start, stop, count): k·step + start, the last exactly
        // stop (a single point is start); then reversed.
        var start = Math.Log10(alphaMax * epsilon);
        var stop = Math.Log10(alphaMax);
        var step = count > 1 ? (stop - start) / (count - 1) : 0.0;
        for (var k = 0; k < count; k++)
        {
            var exponent = k == count - 1 && count > 1 ? stop : (k * step) + start;
            grid[count - 1 - k] = Math.Pow(10.0, exponent);
        }

        return grid;
    }

    /// <summary>
    /// One fold's column of the MSE path: the path on its training rows, each α scored on its held-out rows
    /// (scikit-learn's <c>_path_residuals</c>).
    /// </summary>
    private static void ScoreFold(ColumnMajorMatrix design, double[] y, Fold fold, double[] grid, LassoOptions lasso, double[,] mse, int column)
    {
        var problem = LassoProblem.Create(design, y, fold.Train, lasso.FitIntercept);
        var gram = problem.PrefersGram;
        var test = fold.Test;
        var heldOut = new ColumnMajorMatrix(test.Length, design.Columns);
        for (var j = 0; j < design.Columns; j++)
        {
            var from = design.Column(j);
            var to = heldOut.Column(j);
            for (var i = 0; i < test.Length; i++)
            {
                to[i] = from[test[i]];
            }
        }

        var target = new double[test.Length];
        for (var i = 0; i < test.Length; i++)
        {
            target[i] = y[test[i]];
        }

        var w = new double[design.Columns];
        var residual = new double[test.Length];
        for (var a = 0; a < grid.Length; a++)
        {
            problem.Solve(grid[a], w, lasso, gram);
            Array.Fill(residual, problem.Intercept(w));
            for (var j = 0; j < w.Length; j++)
            {
                if (w[j] != 0)
                {
                    TensorPrimitives.MultiplyAdd(heldOut.Column(j), w[j], residual, residual);
                }
            }

            TensorPrimitives.Subtract(residual, target, residual);
            mse[a, column] = TensorPrimitives.SumOfSquares<double>(residual) / test.Length;
        }
    }
}
