using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class MnistReaderTests
{
    // Three 2×2 images of the digits 5, 3, 5.
    private static readonly byte[] Pixels = [0, 255, 0, 51, 0, 0, 0, 0, 1, 2, 3, 4];
    private static readonly byte[] Digits = [5, 3, 5];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_raw_and_gzipped_idx_files(bool gzip)
    {
        using var dir = new TempDirectory();
        var images = IdxFiles.Images(3, 2, 2, Pixels);
        var labels = IdxFiles.Labels(Digits);
        var imagesPath = dir.Write("images", gzip ? IdxFiles.Gzip(images) : images);
        var labelsPath = dir.Write("labels", gzip ? IdxFiles.Gzip(labels) : labels);

        var data = MnistReader.Read(imagesPath, labelsPath, positiveDigit: 5, name: "tiny");

        Assert.Equal("tiny", data.Name);
        Assert.Equal(4, data.Dimension);
        Assert.Equal([0, 2, 2, 6], data.Features.RowOffsets);
        Assert.Equal([1, 3, 0, 1, 2, 3], data.Features.Indices);
        Assert.Equal([1f, 0.2f, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f], data.Features.Values);
        Assert.Equal([1.0, -1.0, 1.0], data.Labels);
    }

    [Fact]
    public void The_positive_digit_decides_the_labels()
    {
        using var dir = new TempDirectory();
        var data = MnistReader.Read(
            dir.Write("images", IdxFiles.Images(3, 2, 2, Pixels)), dir.Write("labels", IdxFiles.Labels(Digits)), positiveDigit: 3);
        Assert.Equal([-1.0, 1.0, -1.0], data.Labels);
    }

    public static TheoryData<string, byte[], byte[], string> BadFiles => new()
    {
        { "images", IdxFiles.Images(3, 2, 2, Pixels, magic: 2049), IdxFiles.Labels(Digits), "magic number 2049" },
        { "labels", IdxFiles.Images(3, 2, 2, Pixels), IdxFiles.Labels(Digits, magic: 2051), "magic number 2051" },
        { "labels", IdxFiles.Images(3, 2, 2, Pixels), IdxFiles.Labels([5, 3]), "2 labels but the images file holds 3" },
        { "images", IdxFiles.Images(3, 2, 2, Pixels[..10]), IdxFiles.Labels(Digits), "holds 26 bytes" },
        { "images", [0, 0, 8], IdxFiles.Labels(Digits), "too short" },
        { "labels", IdxFiles.Images(3, 2, 2, Pixels), IdxFiles.Labels([5, 12, 5]), "label 12 of image 1" },
        { "images", [0x1f, 0x8b, 1, 2, 3], IdxFiles.Labels(Digits), "gzip" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_files_are_data_format_errors_naming_the_file(string culprit, byte[] images, byte[] labels, string problem)
    {
        using var dir = new TempDirectory();
        var paths = new Dictionary<string, string> { ["images"] = dir.Write("images", images), ["labels"] = dir.Write("labels", labels) };

        var e = Assert.Throws<DataFormatException>(() => MnistReader.Read(paths["images"], paths["labels"], 5));

        Assert.Equal(paths[culprit], e.File);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_data_format_error()
    {
        using var dir = new TempDirectory();
        var labels = dir.Write("labels", IdxFiles.Labels(Digits));
        var e = Assert.Throws<DataFormatException>(() => MnistReader.Read(dir.File("nope"), labels, 5));
        Assert.Equal($"{dir.File("nope")}: no such file", e.Message);
    }
}
