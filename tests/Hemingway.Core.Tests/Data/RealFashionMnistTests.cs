using System.Text.Json;
using Hemingway.Core.Data;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Core.Tests.Data;

/// <summary>
/// The real Fashion-MNIST class files, which scripts/setup.sh installs, against Python's own JSON parser; these tests
/// fail (never skip) without them.
/// </summary>
public class RealFashionMnistTests
{
    /// <summary>
    /// Per class: the length of "data", how many of its elements are empty and how many hold 784 pixels, and the
    /// nonzero pixels; then three images (class, element) with their row in the whole dataset and their pixels.
    /// </summary>
    private const string Reference = """
        import json, os, sys
        folder, spots = sys.argv[1], [(0, 999), (0, 1001), (9, 6999)]
        out = {"elements": [], "empty": [], "full": [], "nonzeros": [], "spots": []}
        rows_before = 0
        for k in range(10):
            with open(os.path.join(folder, f"{k}.json")) as f:
                data = json.load(f)["data"]
            out["elements"].append(len(data))
            out["empty"].append(sum(1 for r in data if len(r) == 0))
            out["full"].append(sum(1 for r in data if len(r) == 784))
            out["nonzeros"].append(sum(1 for r in data for v in r if v != 0))
            for (c, e) in spots:
                if c == k:
                    row = rows_before + sum(1 for r in data[:e] if len(r) > 0)
                    out["spots"].append({"row": row, "pixels": data[e]})
            rows_before += out["full"][-1]
        print(json.dumps(out))
        """;

    [Fact]
    public async Task Every_class_file_agrees_with_python_and_the_dataset_is_their_concatenation()
    {
        var folder = HemingwayPaths.FashionMnistDirectory;
        for (var k = 0; k < 10; k++)
        {
            var file = FashionMnistReader.ClassFile(folder, k);
            Assert.True(File.Exists(file), $"{file} is missing: run scripts/setup.sh to install Fashion-MNIST");
        }

        var python = Task.Run(() => PythonReference.Run(Reference, folder), TestContext.Current.CancellationToken);
        var classes = Enumerable.Range(0, 10).Select(k => FashionMnistClassFile.Read(FashionMnistReader.ClassFile(folder, k))).ToArray();
        var data = DatasetSpec.Load("fashion:7");
        using var json = JsonDocument.Parse(await python);
        var expected = json.RootElement;
        int[] Ints(string name) => expected.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

        var full = Ints("full");
        Assert.Equal(full, classes.Select(c => c.Count));
        Assert.Equal(Ints("elements"), full.Zip(Ints("empty"), (images, empty) => images + empty)); // no other lengths
        Assert.Equal(Ints("nonzeros"), classes.Select(c => c.NonZeros));

        Assert.Equal("fashion:7", data.Name);
        Assert.Equal(70_000, data.Rows); // Fashion-MNIST's 60 000 training and 10 000 test images
        Assert.Equal(784, data.Dimension);
        Assert.Equal(Ints("nonzeros").Sum(n => (long)n), data.Features.NonZeros);
        var firstOfClass7 = full.Take(7).Sum();
        for (var row = 0; row < data.Rows; row++)
        {
            var positive = row >= firstOfClass7 && row < firstOfClass7 + full[7];
            Assert.True(data.Labels[row] == (positive ? 1.0 : -1.0), $"row {row} has label {data.Labels[row]}");
        }

        Assert.All(data.Features.Values, v => Assert.InRange(v, 1 / 255f, 1f));
        foreach (var spot in expected.GetProperty("spots").EnumerateArray())
        {
            var row = spot.GetProperty("row").GetInt32();
            var pixels = spot.GetProperty("pixels").EnumerateArray().Select(p => p.GetInt32()).ToArray();
            var range = data.Features.RowOffsets[row]..data.Features.RowOffsets[row + 1];
            Assert.Equal(Enumerable.Range(0, 784).Where(p => pixels[p] != 0), data.Features.Indices[range]);
            Assert.Equal(pixels.Where(p => p != 0).Select(p => p / 255f), data.Features.Values[range]);
        }
    }
}
