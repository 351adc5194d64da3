namespace Hemingway.Core.Losses;

/// <summary>
/// The SVM hinge loss φ(y, a) = max(0, 1 − y a). Dual: ψ(α) = α y on 0 ≤ α y ≤ 1.
/// </summary>
public sealed class HingeLoss : ILoss
{
    /// <inheritdoc/>
    public string Name => "hinge";

    /// <inheritdoc/>
    public bool IsSmooth => false;

    /// <inheritdoc/>
    public bool IsClassification => true;

    /// <inheritdoc/>
    public double Smoothness => 0;

    /// <inheritdoc/>
    public double Value(double y, double a) => Math.Max(0, 1 - (y * a));

    /// <inheritdoc/>
    public double Derivative(double y, double a) => y * a < 1 ? -y : 0;

    /// <inheritdoc/>
    public double DualValue(double y, double alpha)
    {
        var b = alpha * y;
        return b is >= 0 and <= 1 ? b : double.PositiveInfinity;
    }

    /// <inheritdoc/>
    public double DualStep(double y, double alpha, double margin, double curvature)
    {
        // In b = α y ∈ [0, 1] the subproblem is b − (b − b0) y a − (q/2)(b − b0)²: a clipped Newton step.
        var b = alpha * y;
        var gradient = 1 - (y * margin);
        if (curvature <= 0)
        {
            return y * (gradient > 0 ? 1.0 : gradient < 0 ? 0.0 : b);
        }

        return y * Math.Clamp(b + (gradient / curvature), 0.0, 1.0);
    }
}
