namespace Hemingway.Algorithms.Distributed;

/// <summary>The tunable parameters of the distributed algorithms, with the reference implementation's defaults.</summary>
/// <param name="LocalIterationFraction">H as a fraction of each worker's shard: local steps (CoCoA, local SGD) or batch size (mini-batch SGD). 1 = one pass.</param>
/// <param name="Combination">β for CoCoA and the SGD methods, γ for CoCoA+: how the workers' contributions are scaled. 1.</param>
/// <param name="History">L-BFGS: curvature pairs kept. 10.</param>
public sealed record AlgorithmSettings(double LocalIterationFraction = 1.0, double Combination = 1.0, int History = 10)
{
    /// <summary>The defaults.</summary>
    public static AlgorithmSettings Default { get; } = new();
}
