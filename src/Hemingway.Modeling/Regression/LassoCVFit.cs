using System.Numerics.Tensors;

namespace Hemingway.Modeling.Regression;

/// <summary>
/// A cross-validated Lasso, as scikit-learn's fitted <c>LassoCV</c> (<c>alpha_</c>, <c>coef_</c>, <c>intercept_</c>,
/// <c>alphas_</c>, <c>mse_path_</c>, <c>dual_gap_</c>, <c>n_iter_</c>). Coefficients and Intercept are in the ORIGINAL
/// feature scale: when standardising, the fit is done on standardised columns z_j = (x_j − mean_j) / scale_j and mapped
/// back (w_j / scale_j, and b − Σ_j w_j mean_j / scale_j).
/// </summary>
/// <param name="Alpha">The chosen penalty: the grid's α with the least mean cross-validated MSE.</param>
/// <param name="Coefficients">w in the original feature scale.</param>
/// <param name="Intercept">b in the original feature scale.</param>
/// <param name="AlphaGrid">The penalties tried, descending (on the standardised features when standardising).</param>
/// <param name="MsePath">The held-out mean squared error, [alpha, fold].</param>
/// <param name="DualGap">The duality gap of the final fit on all rows (of the standardised problem).</param>
/// <param name="Iterations">Epochs of the final fit on all rows.</param>
/// <param name="FeatureMeans">
/// The means subtracted when standardising (zeros when not standardising, and when not fitting an intercept, where the
/// columns are only scaled).
/// </param>
/// <param name="FeatureScales">The population standard deviations divided by (1 for a constant column; ones when not standardising).</param>
public sealed record LassoCVFit(
    double Alpha,
    double[] Coefficients,
    double Intercept,
    double[] AlphaGrid,
    double[,] MsePath,
    double DualGap,
    int Iterations,
    double[] FeatureMeans,
    double[] FeatureScales)
{
    /// <summary>b + wᵀx for one row of features in the original scale.</summary>
    public double Predict(ReadOnlySpan<double> features) => Intercept + TensorPrimitives.Dot(Coefficients, features);

    /// <summary>
    /// The mean CV mean-squared error at the chosen alpha (the mean over folds of its <see cref="MsePath"/> row);
    /// NaN when <see cref="Alpha"/> is not on the grid.
    /// </summary>
    public double CrossValidatedMse
    {
        get
        {
            var index = Array.IndexOf(AlphaGrid, Alpha);
            if (index < 0)
            {
                return double.NaN;
            }

            var folds = MsePath.GetLength(1);
            var sum = 0.0;
            for (var f = 0; f < folds; f++)
            {
                sum += MsePath[index, f];
            }

            return sum / folds;
        }
    }
}
