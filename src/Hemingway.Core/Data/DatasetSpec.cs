using System.Globalization;

namespace Hemingway.Core.Data;

/// <summary>
/// Turns the dataset argument a user types into a <see cref="Dataset"/>:
/// <c>mnist:D</c> (MNIST training set, digit D against the rest), <c>mnist-test:D</c> (the t10k test set),
/// <c>fashion:K</c> (all 70 000 Fashion-MNIST images, class K against the rest; <see cref="FashionMnistReader"/>),
/// a path ending in <c>.csv</c> (<see cref="CsvDatasetReader"/>), or any other path (<see cref="LibSvmReader"/>).
/// The dataset is named after the spec.
/// </summary>
public static class DatasetSpec
{
    private const string MnistTrainPrefix = "mnist:";
    private const string MnistTestPrefix = "mnist-test:";
    private const string FashionPrefix = "fashion:";

    /// <summary>Loads the dataset a spec names; errors are <see cref="HemingwayException"/>s that name the spec or file.</summary>
    public static Dataset Load(string spec, DatasetLoadOptions? options = null) =>
        Load(spec, options, HemingwayPaths.MnistDirectory);

    /// <summary>As <see cref="Load(string, DatasetLoadOptions?)"/>, with MNIST's IDX files taken from the given folder.</summary>
    internal static Dataset Load(string spec, DatasetLoadOptions? options, string mnistDirectory) =>
        Load(spec, options, mnistDirectory, HemingwayPaths.FashionMnistDirectory);

    /// <summary>As <see cref="Load(string, DatasetLoadOptions?)"/>, with MNIST's and Fashion-MNIST's files taken from the given folders.</summary>
    internal static Dataset Load(string spec, DatasetLoadOptions? options, string mnistDirectory, string fashionDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= DatasetLoadOptions.Default;
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new HemingwayException("the dataset spec is empty: give mnist:D, mnist-test:D, fashion:K or a file path");
        }

        if (spec.StartsWith(MnistTrainPrefix, StringComparison.Ordinal))
        {
            return LoadMnist(spec, spec[MnistTrainPrefix.Length..], "train", options, mnistDirectory);
        }

        if (spec.StartsWith(MnistTestPrefix, StringComparison.Ordinal))
        {
            return LoadMnist(spec, spec[MnistTestPrefix.Length..], "t10k", options, mnistDirectory);
        }

        if (spec.StartsWith(FashionPrefix, StringComparison.Ordinal))
        {
            return LoadFashion(spec, spec[FashionPrefix.Length..], options, fashionDirectory);
        }

        if (spec.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var csv = CsvDatasetReader.Read(spec, new CsvReadOptions { LabelColumn = options.LabelColumn, PositiveClass = options.PositiveClass }, spec);
            return Widen(csv, options.Features, spec);
        }

        Reject(options.LabelColumn is not null, spec, "a label column applies only to CSV files");
        return LibSvmReader.Read(spec, new LibSvmReadOptions { Features = options.Features, PositiveClass = options.PositiveClass }, spec);
    }

    private static Dataset LoadMnist(string spec, string digitText, string set, DatasetLoadOptions options, string directory)
    {
        var digit = ParseClass(spec, digitText, "digit", "mnist:5");
        Reject(options.PositiveClass is not null, spec, $"the positive class is the digit in '{spec}'");
        Reject(options.LabelColumn is not null, spec, "a label column applies only to CSV files");
        var images = FindMnistFile(directory, $"{set}-images-idx3-ubyte", spec);
        var labels = FindMnistFile(directory, $"{set}-labels-idx1-ubyte", spec);
        return Widen(MnistReader.Read(images, labels, digit, spec), options.Features, spec);
    }

    private static Dataset LoadFashion(string spec, string classText, DatasetLoadOptions options, string directory)
    {
        var label = ParseClass(spec, classText, "class", "fashion:0");
        Reject(options.PositiveClass is not null, spec, $"the positive class is the class in '{spec}'");
        Reject(options.LabelColumn is not null, spec, "a label column applies only to CSV files");
        for (var k = 0; k < FashionMnistReader.Classes; k++)
        {
            var file = FashionMnistReader.ClassFile(directory, k);
            if (!File.Exists(file))
            {
                throw new HemingwayException($"dataset '{spec}' needs the Fashion-MNIST file {file}, which is missing; run scripts/setup.sh to install it");
            }
        }

        return Widen(FashionMnistReader.Read(directory, label, spec), options.Features, spec);
    }

    /// <summary>The single digit 0-9 after a spec's prefix, which names the class labelled +1.</summary>
    private static int ParseClass(string spec, string text, string what, string example)
    {
        if (text.Length != 1 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var label))
        {
            throw new HemingwayException($"dataset '{spec}': '{text}' is not a {what} 0-9 (write e.g. {example})");
        }

        return label;
    }

    /// <summary>The raw or .gz file in the MNIST cache folder; a missing file is a setup problem, so say how to fix it.</summary>
    private static string FindMnistFile(string directory, string fileName, string spec)
    {
        var raw = Path.Combine(directory, fileName);
        foreach (var candidate in new[] { raw, raw + ".gz" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new HemingwayException($"dataset '{spec}' needs the MNIST file {raw} (or {fileName}.gz), which is missing; run scripts/setup.sh to install it");
    }

    /// <summary>The dataset with d columns, for a fixed dimension that is at least the data's own.</summary>
    private static Dataset Widen(Dataset data, int? features, string spec)
    {
        if (features is not { } d || d == data.Dimension)
        {
            return data;
        }

        if (d < data.Dimension)
        {
            throw new HemingwayException($"dataset '{spec}' has {data.Dimension} features, more than the {d} asked for");
        }

        var m = data.Features;
        return data with { Features = new CsrMatrix(d, m.RowOffsets, m.Indices, m.Values) };
    }

    private static void Reject(bool condition, string spec, string why)
    {
        if (condition)
        {
            throw new HemingwayException($"dataset '{spec}': {why}");
        }
    }
}
