using Hemingway.Core;
using Hemingway.Core.Data;

namespace Hemingway.Testing;

/// <summary>Real datasets that scripts/setup.sh puts in the cache; a test that needs one fails loudly without it.</summary>
public static class ReferenceData
{
    /// <summary>LIBLINEAR's example heart_scale (270 rows, 13 features, labels ±1).</summary>
    public static Dataset HeartScale()
    {
        var path = Path.Combine(HemingwayPaths.CacheRoot, "data", "heart_scale");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run scripts/setup.sh");
        }

        return DatasetSpec.Load(path);
    }

    /// <summary>A seeded subsample of MNIST digit 5 vs rest.</summary>
    public static Dataset MnistFiveSubsample(int rows, int seed = 0)
    {
        var full = DatasetSpec.Load("mnist:5");
        return full.SelectRows(Partitioner.Subsample(full.Rows, (double)rows / full.Rows, seed), $"mnist:5[{rows}]");
    }
}
