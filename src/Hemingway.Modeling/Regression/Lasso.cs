using Hemingway.Core;

namespace Hemingway.Modeling.Regression;

/// <summary>
/// The Lasso by cyclic coordinate descent, as scikit-learn's <c>Lasso</c> and <c>lasso_path</c>: minimises
/// <code>(1 / (2n)) ‖y − Xw − b‖² + α ‖w‖₁</code>
/// over w (and the unpenalised intercept b when fitted: X and y are centred, and b = ȳ − x̄ᵀw). x is row-major,
/// [rows, features]. The solver and its stopping rule are those of scikit-learn's <c>_cd_fast.pyx</c>; see
/// <see cref="LassoOptions.Tolerance"/>.
/// </summary>
public static class Lasso
{
    /// <summary>
    /// One fit at <paramref name="alpha"/>, by the residual-updating solver (scikit-learn's <c>Lasso</c>, whose default
    /// is <c>precompute=False</c>), from <paramref name="warmStart"/> (one coefficient per feature) or from w = 0.
    /// </summary>
    /// <exception cref="HemingwayException">Mismatched sizes, non-finite values, α &lt; 0 or bad options.</exception>
    public static LassoFit Fit(double[,] x, double[] y, double alpha, LassoOptions? options = null, double[]? warmStart = null)
    {
        options ??= new LassoOptions();
        options.Validate();
        CheckAlpha(alpha);
        var design = ColumnMajorMatrix.FromDesign(x, y, "lasso");
        var w = new double[design.Columns];
        if (warmStart is not null)
        {
            if (warmStart.Length != design.Columns)
            {
                throw new HemingwayException($"lasso: the warm start has {warmStart.Length} coefficients for {design.Columns} features");
            }

            if (!Array.TrueForAll(warmStart, double.IsFinite))
            {
                throw new HemingwayException("lasso: the warm start has a value that is not a finite number");
            }

            warmStart.CopyTo(w, 0);
        }

        var problem = LassoProblem.Create(design, y, rows: null, options.FitIntercept);
        var outcome = problem.Solve(alpha, w, options, gram: false);
        return problem.ToFit(alpha, w, outcome);
    }

    /// <summary>
    /// The path over <paramref name="alphas"/>, solved in descending order (as scikit-learn sorts them), each fit
    /// warm-started from the previous one and the first from w = 0; the fits are returned in that descending order.
    /// As scikit-learn's <c>lasso_path</c> with <c>precompute='auto'</c>, the Gram solver (XᵀX precomputed) is used
    /// when there are more rows than features, the residual solver otherwise.
    /// </summary>
    /// <exception cref="HemingwayException">Mismatched sizes, non-finite values, no α, an α &lt; 0 or bad options.</exception>
    public static IReadOnlyList<LassoFit> Path(double[,] x, double[] y, IReadOnlyList<double> alphas, LassoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        options ??= new LassoOptions();
        options.Validate();
        if (alphas.Count == 0)
        {
            throw new HemingwayException("lasso: the path needs at least one alpha");
        }

        foreach (var alpha in alphas)
        {
            CheckAlpha(alpha);
        }

        var design = ColumnMajorMatrix.FromDesign(x, y, "lasso");
        var problem = LassoProblem.Create(design, y, rows: null, options.FitIntercept);
        var w = new double[design.Columns];
        var fits = new List<LassoFit>(alphas.Count);
        foreach (var alpha in alphas.OrderDescending())
        {
            var outcome = problem.Solve(alpha, w, options, problem.PrefersGram);
            fits.Add(problem.ToFit(alpha, w, outcome));
        }

        return fits;
    }

    internal static void CheckAlpha(double alpha)
    {
        if (!(alpha >= 0) || double.IsPositiveInfinity(alpha))
        {
            throw new HemingwayException($"lasso: alpha must be a finite number ≥ 0, not {alpha}");
        }
    }
}
