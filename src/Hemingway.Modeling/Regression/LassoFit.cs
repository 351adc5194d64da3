namespace Hemingway.Modeling.Regression;

/// <summary>
/// One Lasso solution with its diagnostics, as scikit-learn's fitted <c>Lasso</c> (<c>coef_</c>, <c>intercept_</c>,
/// <c>dual_gap_</c>, <c>n_iter_</c>).
/// </summary>
/// <param name="Alpha">The L1 penalty α.</param>
/// <param name="Coefficients">w, one per feature.</param>
/// <param name="Intercept">b (0 when the intercept is not fitted).</param>
/// <param name="DualGap">
/// The duality gap of the objective (1 / (2n)) ‖y − Xw − b‖² + α ‖w‖₁ at the last check, with the dual point
/// ν = r · min(1, nα / ‖Xᵀr‖∞) built from the residual r of the centred problem (scikit-learn's <c>dual_gap_</c>).
/// </param>
/// <param name="Iterations">Epochs run (full cycles over the features).</param>
/// <param name="Converged">
/// Whether the gap fell below the tolerance; false when the fit stopped at the iteration limit (where scikit-learn
/// warns with a <c>ConvergenceWarning</c>).
/// </param>
public sealed record LassoFit(double Alpha, double[] Coefficients, double Intercept, double DualGap, int Iterations, bool Converged);
