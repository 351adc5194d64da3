namespace Hemingway.Core.Losses;

/// <summary>
/// The logistic loss φ(y, a) = log(1 + exp(−y a)). Dual: ψ(α) = −[b log b + (1 − b) log(1 − b)] with b = α y ∈ [0, 1].
/// </summary>
public sealed class LogisticLoss : ILoss
{
    // The coordinate maximiser solves log(b / (1 − b)) + y a + q (b − b0) = 0, which has no closed form.
    // Newton's method on that increasing function, safeguarded by bisection, converges in a handful of steps.
    private const int MaxNewtonSteps = 50;
    private const double Tolerance = 1e-15;

    /// <inheritdoc/>
    public string Name => "logistic";

    /// <inheritdoc/>
    public bool IsSmooth => true;

    /// <inheritdoc/>
    public bool IsClassification => true;

    /// <inheritdoc/>
    public double Smoothness => 0.25;

    /// <inheritdoc/>
    public double Value(double y, double a)
    {
        var z = -y * a;

        // log(1 + e^z) without overflow for large z and without losing digits for very negative z.
        return z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
    }

    /// <inheritdoc/>
    public double Derivative(double y, double a)
    {
        var z = y * a;

        // −y σ(−y a), written so that neither branch overflows.
        return z >= 0 ? -y * Math.Exp(-z) / (1 + Math.Exp(-z)) : -y / (1 + Math.Exp(z));
    }

    /// <inheritdoc/>
    public double DualValue(double y, double alpha)
    {
        var b = alpha * y;
        if (b is < 0 or > 1)
        {
            return double.PositiveInfinity;
        }

        return -(XLogX(b) + XLogX(1 - b));
    }

    /// <inheritdoc/>
    public double DualStep(double y, double alpha, double margin, double curvature)
    {
        var b0 = alpha * y;
        var ya = y * margin;
        double Residual(double b) => Math.Log(b / (1 - b)) + ya + (curvature * (b - b0));

        // Keep b strictly inside (0, 1): the log-odds are infinite at the ends.
        double lo = 0, hi = 1;
        var b = Math.Clamp(b0, 1e-12, 1 - 1e-12);
        for (var step = 0; step < MaxNewtonSteps; step++)
        {
            var r = Residual(b);
            if (r > 0)
            {
                hi = b;
            }
            else
            {
                lo = b;
            }

            var next = b - (r / ((1 / (b * (1 - b))) + curvature));
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - b) <= Tolerance * Math.Max(1e-300, Math.Min(next, 1 - next)))
            {
                b = next;
                break;
            }

            b = next;
        }

        return y * b;
    }

    private static double XLogX(double x) => x > 0 ? x * Math.Log(x) : 0;
}
