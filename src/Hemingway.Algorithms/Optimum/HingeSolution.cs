namespace Hemingway.Algorithms.Optimum;

/// <summary>The certified optimum of a hinge-loss problem found by <see cref="HingeInteriorPointSolver"/>.</summary>
/// <param name="Weights">w = w(α), recomputed from the dual point.</param>
/// <param name="DualVariables">α, with 0 ≤ α_i y_i ≤ 1.</param>
/// <param name="Primal">P(w), evaluated by the problem itself (<c>RegularizedProblem.Certify</c>).</param>
/// <param name="Dual">D(α) with the same w: P minus the certified gap.</param>
/// <param name="InteriorPointIterations">Interior-point iterations run.</param>
/// <param name="ActiveSetRounds">Exact free-set solves of the active-set finish (0 if it was not needed or not run).</param>
/// <param name="PolishEpochs">Warm-started dual coordinate epochs run as a last resort (usually 0).</param>
/// <param name="Seconds">Wall-clock time of the whole solve.</param>
public sealed record HingeSolution(
    double[] Weights,
    double[] DualVariables,
    double Primal,
    double Dual,
    int InteriorPointIterations,
    int ActiveSetRounds,
    int PolishEpochs,
    double Seconds)
{
    /// <summary>P − D ≥ P(w) − P*.</summary>
    public double Gap => Primal - Dual;

    /// <summary>(P − D) / |P|.</summary>
    public double RelativeGap => Gap / Math.Max(Math.Abs(Primal), double.Epsilon);
}
