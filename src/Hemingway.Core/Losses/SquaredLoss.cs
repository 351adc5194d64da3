namespace Hemingway.Core.Losses;

/// <summary>
/// The squared loss φ(y, a) = ½ (a − y)² (ridge regression). Dual: ψ(α) = α y − α²/2 for any α.
/// </summary>
public sealed class SquaredLoss : ILoss
{
    /// <inheritdoc/>
    public string Name => "squared";

    /// <inheritdoc/>
    public bool IsSmooth => true;

    /// <inheritdoc/>
    public bool IsClassification => false;

    /// <inheritdoc/>
    public double Smoothness => 1;

    /// <inheritdoc/>
    public double Value(double y, double a) => 0.5 * (a - y) * (a - y);

    /// <inheritdoc/>
    public double Derivative(double y, double a) => a - y;

    /// <inheritdoc/>
    public double DualValue(double y, double alpha) => (alpha * y) - (0.5 * alpha * alpha);

    /// <inheritdoc/>
    public double DualStep(double y, double alpha, double margin, double curvature) =>
        alpha + ((y - margin - alpha) / (1 + curvature));
}
