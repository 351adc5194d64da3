namespace Hemingway.Algorithms.Distributed;

/// <summary>The tunable parameters of the distributed algorithms, with the CoCoA reference implementation's defaults.</summary>
/// <param name="LocalIterationFraction">H as a fraction of each worker's shard: local steps (CoCoA, local SGD) or batch size (mini-batch SGD). 1 = one pass.</param>
/// <param name="Beta">β: CoCoA scales the sum of the workers' changes by β/m, the SGD methods their step by β. 1.</param>
/// <param name="Gamma">γ: CoCoA+ scales the sum of the workers' changes by γ, with σ' = γm. 1.</param>
/// <param name="History">L-BFGS: curvature pairs kept. 10.</param>
public sealed record AlgorithmSettings(double LocalIterationFraction = 1.0, double Beta = 1.0, double Gamma = 1.0, int History = 10)
{
    /// <summary>The defaults.</summary>
    public static AlgorithmSettings Default { get; } = new();
}
