using Hemingway.Core.Data;

namespace Hemingway.Testing;

/// <summary>Small seeded sparse datasets for objective and solver tests.</summary>
public static class RandomProblems
{
    public static Dataset Sparse(int rows, int columns, double density, int seed, bool classification = true)
    {
        var random = new Random(seed);
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new double[rows];
        var truth = Enumerable.Range(0, columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        for (var i = 0; i < rows; i++)
        {
            double score = 0;
            for (var j = 0; j < columns; j++)
            {
                if (random.NextDouble() < density)
                {
                    var v = (float)((random.NextDouble() * 2) - 1);
                    indices.Add(j);
                    values.Add(v);
                    score += v * truth[j];
                }
            }

            offsets[i + 1] = indices.Count;
            var noisy = score + (0.3 * (random.NextDouble() - 0.5));
            labels[i] = classification ? (noisy >= 0 ? 1 : -1) : noisy;
        }

        return new Dataset($"random-{seed}", new CsrMatrix(columns, offsets, [.. indices], [.. values]), labels);
    }
}
