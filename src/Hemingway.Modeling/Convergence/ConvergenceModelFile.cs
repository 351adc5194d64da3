namespace Hemingway.Modeling.Convergence;

/// <summary>A convergence model as saved: its features, coefficients, training range and cross-validated error.</summary>
/// <param name="Algorithm">The algorithm modelled.</param>
/// <param name="Target">What was fitted: "ln(P - P*)", "ln(gap)" or "ln(test error)" (<see cref="ConvergenceTarget.Label"/>).</param>
/// <param name="Features">The feature names (<see cref="FeatureLibrary.Names"/>).</param>
/// <param name="Coefficients">λ_j, one per feature, in the features' original scale.</param>
/// <param name="Intercept">b.</param>
/// <param name="Alpha">The L1 penalty LassoCV chose.</param>
/// <param name="CrossValidatedLog10Error">Root-mean-square cross-validated error of log10 of the target.</param>
/// <param name="CrossValidation">How folds were made.</param>
/// <param name="Observations">Points fitted.</param>
/// <param name="MinIteration">Smallest iteration fitted.</param>
/// <param name="MaxIteration">Largest iteration fitted.</param>
/// <param name="Machines">The machine counts fitted.</param>
public sealed record ConvergenceModelFile(
    string Algorithm,
    string Target,
    string[] Features,
    double[] Coefficients,
    double Intercept,
    double Alpha,
    double CrossValidatedLog10Error,
    string CrossValidation,
    int Observations,
    int MinIteration,
    int MaxIteration,
    int[] Machines);
