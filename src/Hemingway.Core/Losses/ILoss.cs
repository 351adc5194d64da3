namespace Hemingway.Core.Losses;

/// <summary>
/// A loss φ(y, a) of a label y and a margin a = x·w, with what dual coordinate ascent needs:
/// the dual loss term ψ(α) = −φ*(−α) and the exact maximiser of one coordinate's dual subproblem.
/// </summary>
/// <remarks>
/// The dual is D(α) = 1/n Σ ψ(y_i, α_i) − λ/2 ‖w(α)‖² with w(α) = 1/(λn) Σ α_i x_i.
/// Changing α_i by δ while the other coordinates stay fixed changes n·D by
/// ψ(α_i + δ) − ψ(α_i) − δ·a − (q/2)·δ², where a = x_i·w and q = σ'‖x_i‖²/(λn); <see cref="DualStep"/> maximises that.
/// </remarks>
public interface ILoss
{
    /// <summary>Short name used on the command line and in traces ("hinge", "logistic", "squared").</summary>
    string Name { get; }

    /// <summary>True when φ has a Lipschitz derivative, so gradient methods apply.</summary>
    bool IsSmooth { get; }

    /// <summary>True when labels must be ±1.</summary>
    bool IsClassification { get; }

    /// <summary>Lipschitz constant of dφ/da (0 for a non-smooth loss).</summary>
    double Smoothness { get; }

    /// <summary>φ(y, a).</summary>
    double Value(double y, double a);

    /// <summary>dφ/da at (y, a); a subgradient where φ is not differentiable.</summary>
    double Derivative(double y, double a);

    /// <summary>ψ(α) = −φ*(−α), the dual loss term; +∞ outside the dual's domain.</summary>
    double DualValue(double y, double alpha);

    /// <summary>
    /// The α that maximises ψ(α) − (α − α0)·a − (q/2)(α − α0)², starting from the feasible α0.
    /// </summary>
    /// <param name="y">The label.</param>
    /// <param name="alpha">The current dual coordinate α0.</param>
    /// <param name="margin">a = x·w at the current (local) w.</param>
    /// <param name="curvature">q = σ'‖x‖²/(λn) ≥ 0.</param>
    double DualStep(double y, double alpha, double margin, double curvature);
}
