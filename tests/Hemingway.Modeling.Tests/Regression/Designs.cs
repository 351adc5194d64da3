namespace Hemingway.Modeling.Tests.Regression;

/// <summary>A regression problem: row-major x, y, and optionally a group label per row.</summary>
internal sealed record Design(string Name, double[,] X, double[] Y, int[]? Groups = null)
{
    public int Rows => Y.Length;

    public int Features => X.GetLength(1);
}

/// <summary>Seeded designs for the Lasso tests.</summary>
internal static class Designs
{
    /// <summary>
    /// Gaussian columns with very different scales and offsets (so standardising matters), each column after the first
    /// correlated with its predecessor with probability ½ (coefficient <paramref name="correlation"/>), y = Xβ + noise
    /// with β non-zero on <paramref name="informative"/> random columns only (the rest are irrelevant).
    /// </summary>
    public static Design Random(int seed, int rows, int features, int informative, double correlation, double noise = 0.5)
    {
        var random = new Random(seed);
        var x = new double[rows, features];
        var scales = new double[features];
        var offsets = new double[features];
        var correlated = new bool[features];
        for (var j = 0; j < features; j++)
        {
            scales[j] = Math.Pow(10, (random.NextDouble() * 4) - 2);
            offsets[j] = (random.NextDouble() - 0.5) * 20;
            correlated[j] = j > 0 && random.NextDouble() < 0.5;
        }

        var beta = new double[features];
        foreach (var j in Enumerable.Range(0, features).OrderBy(_ => random.Next()).Take(informative))
        {
            beta[j] = (random.NextDouble() < 0.5 ? -1 : 1) * (0.5 + (2 * random.NextDouble()));
        }

        var y = new double[rows];
        var z = new double[features];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < features; j++)
            {
                var fresh = Gaussian(random);
                z[j] = correlated[j] ? (correlation * z[j - 1]) + (Math.Sqrt(1 - (correlation * correlation)) * fresh) : fresh;
                x[i, j] = offsets[j] + (scales[j] * z[j]);
                y[i] += beta[j] * z[j];
            }

            y[i] += 3 + (noise * Gaussian(random));
        }

        return new Design($"random-{seed}-{rows}x{features}", x, y);
    }

    /// <summary>
    /// The convergence model's design on a stand-in for traces: rows (i, m) for i = 1..200 and m ∈ {1, 2, 4, 8, 16, 32},
    /// features [i, 1/i, √i, log i, m, 1/m, log m, i/m, i·log m], y = log(a (1 − c/m)^i e^(σε) + floor) with seeded
    /// noise ε (sub-optimality that decays geometrically, faster on fewer machines, and stagnates at a floor).
    /// The groups are the machine counts.
    /// </summary>
    public static Design Trace(int seed = 7)
    {
        var random = new Random(seed);
        int[] machines = [1, 2, 4, 8, 16, 32];
        const int Iterations = 200;
        var rows = machines.Length * Iterations;
        var x = new double[rows, 9];
        var y = new double[rows];
        var groups = new int[rows];
        var r = 0;
        foreach (var m in machines)
        {
            for (var i = 1; i <= Iterations; i++, r++)
            {
                double[] row = [i, 1.0 / i, Math.Sqrt(i), Math.Log(i), m, 1.0 / m, Math.Log(m), (double)i / m, i * Math.Log(m)];
                for (var j = 0; j < row.Length; j++)
                {
                    x[r, j] = row[j];
                }

                y[r] = Math.Log((2.0 * Math.Pow(1 - (0.3 / m), i) * Math.Exp(0.1 * Gaussian(random))) + 1e-9);
                groups[r] = m;
            }
        }

        return new Design("trace", x, y, groups);
    }

    /// <summary>x standardised as StandardScaler does (population std), computed plainly: the test's own reference.</summary>
    public static (double[,] Z, double[] Means, double[] Scales) Standardize(double[,] x)
    {
        var rows = x.GetLength(0);
        var features = x.GetLength(1);
        var z = new double[rows, features];
        var means = new double[features];
        var scales = new double[features];
        for (var j = 0; j < features; j++)
        {
            double sum = 0;
            for (var i = 0; i < rows; i++)
            {
                sum += x[i, j];
            }

            means[j] = sum / rows;
            double squares = 0;
            for (var i = 0; i < rows; i++)
            {
                squares += (x[i, j] - means[j]) * (x[i, j] - means[j]);
            }

            scales[j] = squares == 0 ? 1 : Math.Sqrt(squares / rows);
            for (var i = 0; i < rows; i++)
            {
                z[i, j] = (x[i, j] - means[j]) / scales[j];
            }
        }

        return (z, means, scales);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
