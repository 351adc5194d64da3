namespace Hemingway.Core.Losses;

/// <summary>Finds a loss by the name used on the command line.</summary>
public static class LossCatalog
{
    /// <summary>The names accepted by <see cref="Parse"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["hinge", "logistic", "squared"];

    /// <summary>The loss called <paramref name="name"/>; a <see cref="HemingwayException"/> naming the choices otherwise.</summary>
    public static ILoss Parse(string name) => name.ToLowerInvariant() switch
    {
        "hinge" or "svm" => new HingeLoss(),
        "logistic" or "log" => new LogisticLoss(),
        "squared" or "ridge" or "least-squares" => new SquaredLoss(),
        _ => throw new HemingwayException($"unknown loss '{name}': expected one of {string.Join(", ", Names)}"),
    };
}
