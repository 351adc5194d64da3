namespace Hemingway.Modeling.Convergence;

/// <summary>
/// The features φ_j(i, m) of the convergence model g(i, m) = exp(Σ_j λ_j φ_j(i, m) + b): fractional, polynomial and
/// logarithmic terms in the iteration i and the number of machines m, and their products. CoCoA's bound
/// (1 − c₀/m)^i c₁ has log = log c₁ + i log(1 − c₀/m) = log c₁ − c₀ i/m − c₀² i/(2m²) − …, which the i/m and i/m²
/// terms capture (the second matters at small m); sub-linear methods (SGD) follow
/// log i; the rest let LassoCV find other shapes and drop what the data do not support.
/// </summary>
public static class FeatureLibrary
{
    private static readonly (string Name, Func<double, double, double> Value)[] Terms =
    [
        ("i", (i, m) => i),
        ("1/i", (i, m) => 1 / i),
        ("sqrt(i)", (i, m) => Math.Sqrt(i)),
        ("log(i)", (i, m) => Math.Log(i)),
        ("m", (i, m) => m),
        ("1/m", (i, m) => 1 / m),
        ("sqrt(m)", (i, m) => Math.Sqrt(m)),
        ("log(m)", (i, m) => Math.Log(m)),
        ("i/m", (i, m) => i / m),
        ("i/m^2", (i, m) => i / (m * m)),
        ("i/sqrt(m)", (i, m) => i / Math.Sqrt(m)),
        ("i*log(m)", (i, m) => i * Math.Log(m)),
        ("log(i)*log(m)", (i, m) => Math.Log(i) * Math.Log(m)),
        ("log(i)/m", (i, m) => Math.Log(i) / m),
        ("sqrt(i)/m", (i, m) => Math.Sqrt(i) / m),
    ];

    /// <summary>The names of the features, in order, as saved in a model file.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(Terms, t => t.Name);

    /// <summary>Writes φ(i, m) into <paramref name="features"/> (length <see cref="Names"/>.Count).</summary>
    public static void Evaluate(double iteration, double machines, Span<double> features)
    {
        for (var j = 0; j < Terms.Length; j++)
        {
            features[j] = Terms[j].Value(iteration, machines);
        }
    }

    /// <summary>The design matrix of <paramref name="points"/>, one row per (i, m).</summary>
    public static double[,] Design(IReadOnlyList<(double Iteration, double Machines)> points)
    {
        var x = new double[points.Count, Terms.Length];
        var row = new double[Terms.Length];
        for (var r = 0; r < points.Count; r++)
        {
            Evaluate(points[r].Iteration, points[r].Machines, row);
            for (var j = 0; j < row.Length; j++)
            {
                x[r, j] = row[j];
            }
        }

        return x;
    }
}
