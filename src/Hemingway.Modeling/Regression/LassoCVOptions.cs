using Hemingway.Core;

namespace Hemingway.Modeling.Regression;

/// <summary>Options of <see cref="LassoCV"/>, with scikit-learn's defaults (<c>n_alphas=100</c>, <c>eps=1e-3</c>, <c>cv=5</c>).</summary>
/// <param name="Alphas">The number of penalties on the grid.</param>
/// <param name="Epsilon">α_min / α_max of the grid.</param>
/// <param name="Folds">The number of cross-validation folds (KFold without shuffling, or GroupKFold with groups).</param>
/// <param name="Groups">
/// A group label per row for GroupKFold (rows of one group are held out together); null for KFold.
/// </param>
/// <param name="Standardize">
/// Standardise every feature to zero mean and unit population variance (as scikit-learn's <c>StandardScaler</c>)
/// before anything else (a constant column gets scale 1; without an intercept the columns are only scaled); the
/// coefficients are mapped back to the original scale.
/// </param>
/// <param name="Lasso">Options of every coordinate-descent fit (tolerance, iterations, intercept); null for the defaults.</param>
public sealed record LassoCVOptions(
    int Alphas = 100,
    double Epsilon = 1e-3,
    int Folds = 5,
    int[]? Groups = null,
    bool Standardize = true,
    LassoOptions? Lasso = null)
{
    /// <summary>Throws a <see cref="HemingwayException"/> naming the first bad option.</summary>
    internal void Validate(int rows)
    {
        if (Alphas < 1)
        {
            throw new HemingwayException($"lasso-cv: the grid needs at least one alpha, not {Alphas}");
        }

        if (!(Epsilon > 0) || double.IsPositiveInfinity(Epsilon))
        {
            throw new HemingwayException($"lasso-cv: epsilon (alpha_min / alpha_max) must be a finite number > 0, not {Epsilon}");
        }

        if (Folds < 2)
        {
            throw new HemingwayException($"lasso-cv: cross-validation needs at least 2 folds, not {Folds}");
        }

        if (Groups is not null && Groups.Length != rows)
        {
            throw new HemingwayException($"lasso-cv: {Groups.Length} group labels for {rows} rows");
        }

        (Lasso ?? new LassoOptions()).Validate();
    }
}
