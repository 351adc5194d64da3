using Hemingway.Core;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary><c>--data fashion:K</c> end to end, on the real Fashion-MNIST files that scripts/setup.sh installs.</summary>
public sealed class FashionDataTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Info_json_gives_all_seventy_thousand_images_and_the_nonzeros_a_byte_scan_counts()
    {
        var expectedNonZeros = NonZeroNumbers(FashionFiles());

        var result = await CliProcess.RunAsync("data", "info", "--data", "fashion:0", "--json");

        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var info = json.RootElement;
        Assert.Equal("fashion:0", info.GetProperty("name").GetString());
        Assert.Equal(70_000, info.GetProperty("rows").GetInt32()); // Fashion-MNIST's 60 000 training and 10 000 test images
        Assert.Equal(784, info.GetProperty("features").GetInt32());
        Assert.Equal(7_000, info.GetProperty("positives").GetInt32()); // every class holds 7 000 images
        Assert.Equal(63_000, info.GetProperty("negatives").GetInt32());
        Assert.Equal(expectedNonZeros, info.GetProperty("non_zeros").GetInt64());
    }

    [Fact]
    public async Task Info_prints_rows_and_features_as_a_table()
    {
        FashionFiles();

        var result = await CliProcess.RunAsync("data", "info", "--data", "fashion:9");

        CliAssert.Success(result);
        Assert.Contains(result.StdoutLines, line => line.Contains("rows", StringComparison.Ordinal) && line.Contains("70,000", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, line => line.Contains("features", StringComparison.Ordinal) && line.Contains("784", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_takes_a_fraction_of_the_images()
    {
        FashionFiles();

        var result = await CliProcess.RunAsync(
            "run", "--data", "fashion:3", "--fraction", "0.01", "--iterations", "2", "--no-optimum", "--store", _folder.File("traces.db"), "--json");

        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var report = json.RootElement;
        Assert.Equal("fashion:3", report.GetProperty("dataset").GetString());
        Assert.Equal(700, report.GetProperty("rows").GetInt32()); // round(0.01 · 70 000)
        Assert.Equal(784, report.GetProperty("features").GetInt32());
        Assert.Equal(2, report.GetProperty("iterations").GetInt32());
    }

    [Theory]
    [InlineData("fashion:12")]
    [InlineData("fashion:x")]
    public async Task A_class_outside_0_to_9_is_bad_input(string spec)
    {
        var result = await CliProcess.RunAsync("data", "info", "--data", spec);

        CliAssert.BadInput(result, $"'{spec}'", "0-9", "fashion:0");
    }

    [Fact]
    public async Task Missing_files_are_bad_input_that_says_how_to_install_them()
    {
        var cache = _folder.File("empty-cache");

        var result = await CliProcess.RunAsync(["data", "info", "--data", "fashion:0"], CliAssert.PrivateCache(cache));

        CliAssert.BadInput(result, "'fashion:0'", Path.Combine(cache, "data", "fashion-mnist", "0.json"), "scripts/setup.sh");
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The ten class files in the real cache; fails loudly when scripts/setup.sh has not installed them.</summary>
    private static string[] FashionFiles()
    {
        var files = Enumerable.Range(0, 10).Select(k => Path.Combine(HemingwayPaths.CacheRoot, "data", "fashion-mnist", $"{k}.json")).ToArray();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{file} is missing: run scripts/setup.sh");
            }
        }

        return files;
    }

    /// <summary>
    /// Numbers in the files' text that are not 0, by a byte scan: JSON writes no leading zeros, so a number is nonzero
    /// exactly when it starts with a digit 1-9. Every number in these files is a pixel.
    /// </summary>
    private static long NonZeroNumbers(IEnumerable<string> files)
    {
        long count = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllBytes(file);
            for (var i = 0; i < text.Length; i++)
            {
                var startsNumber = i == 0 || !char.IsAsciiDigit((char)text[i - 1]);
                if (startsNumber && text[i] is >= (byte)'1' and <= (byte)'9')
                {
                    count++;
                }
            }
        }

        return count;
    }
}
