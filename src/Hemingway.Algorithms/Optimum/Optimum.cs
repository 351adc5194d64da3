namespace Hemingway.Algorithms.Optimum;

/// <summary>The optimal value P* of a problem, with the certificate that bounds its error.</summary>
/// <param name="Primal">P(w) at the solution found: P* to within <see cref="Gap"/>.</param>
/// <param name="Dual">D(α) at the same point: a lower bound on P*.</param>
/// <param name="Epochs">Iterations it took: SDCA epochs, or interior-point iterations for the hinge loss.</param>
/// <param name="Seconds">Time it took to solve.</param>
public sealed record Optimum(double Primal, double Dual, int Epochs, double Seconds)
{
    /// <summary>P − D, an upper bound on P(w) − P*.</summary>
    public double Gap => Primal - Dual;

    /// <summary>(P − D) / |P|.</summary>
    public double RelativeGap => Gap / Math.Abs(Primal);
}
