using Hemingway.Core;

namespace Hemingway.Modeling.Regression;

/// <summary>
/// Options of one Lasso fit by coordinate descent, with scikit-learn's defaults (<c>tol=1e-4</c>, <c>max_iter=1000</c>,
/// <c>fit_intercept=True</c>).
/// </summary>
/// <param name="Tolerance">
/// Stopping tolerance, as scikit-learn's <c>tol</c>: the duality gap is checked after every epoch whose largest
/// coefficient change is below <c>Tolerance · max |w_j|</c>, and the fit stops when the gap (of the 1/(2n)-scaled
/// objective) is below <c>Tolerance · ‖y − ȳ‖² / n</c>.
/// </param>
/// <param name="MaxIterations">The most epochs (full cycles over the features).</param>
/// <param name="FitIntercept">Centre X and y and fit an unpenalised intercept b = ȳ − x̄ᵀw.</param>
public sealed record LassoOptions(double Tolerance = 1e-4, int MaxIterations = 1000, bool FitIntercept = true)
{
    /// <summary>Throws a <see cref="HemingwayException"/> naming the first bad option.</summary>
    internal void Validate()
    {
        if (!(Tolerance >= 0) || double.IsPositiveInfinity(Tolerance))
        {
            throw new HemingwayException($"lasso: the tolerance must be a finite number ≥ 0, not {Tolerance}");
        }

        if (MaxIterations < 1)
        {
            throw new HemingwayException($"lasso: the maximum number of iterations must be ≥ 1, not {MaxIterations}");
        }
    }
}
