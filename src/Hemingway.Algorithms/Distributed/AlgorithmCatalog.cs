using Hemingway.Core;

namespace Hemingway.Algorithms.Distributed;

/// <summary>Creates a distributed algorithm from the name used on the command line.</summary>
public static class AlgorithmCatalog
{
    /// <summary>The names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cocoa", "cocoa+", "minibatch-sgd", "local-sgd", "gd", "lbfgs"];

    /// <summary>The algorithm called <paramref name="name"/>; a <see cref="HemingwayException"/> naming the choices otherwise.</summary>
    public static IDistributedAlgorithm Create(string name, AlgorithmSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var s = settings ?? AlgorithmSettings.Default;
        return name.ToLowerInvariant() switch
        {
            "cocoa" => new CoCoA(adding: false, s.LocalIterationFraction, s.Beta),
            "cocoa+" or "cocoa-plus" => new CoCoA(adding: true, s.LocalIterationFraction, s.Gamma),
            "minibatch-sgd" or "mb-sgd" => new MiniBatchSgd(s.LocalIterationFraction, s.Beta),
            "local-sgd" => new LocalSgd(s.LocalIterationFraction, s.Beta),
            "gd" => new GradientDescent(),
            "lbfgs" or "l-bfgs" => new Lbfgs(s.History),
            _ => throw new HemingwayException($"unknown algorithm '{name}': expected one of sdca, {string.Join(", ", Names)}"),
        };
    }
}
