namespace Hemingway.Core.Objectives;

/// <summary>A primal value, a dual value, and the gap between them, which bounds the primal's sub-optimality.</summary>
/// <param name="Primal">P(w).</param>
/// <param name="Dual">D(α) = P(w) − <paramref name="Gap"/>.</param>
/// <param name="Gap">P(w) − D(α) ≥ 0, summed from per-example Fenchel–Young gaps.</param>
public readonly record struct DualityCertificate(double Primal, double Dual, double Gap)
{
    /// <summary>(P − D) / |P|.</summary>
    public double RelativeGap => Gap / Math.Max(Math.Abs(Primal), double.Epsilon);
}
