using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary><c>hemingway data info</c> and <c>data export</c> end to end, on LIBLINEAR's heart_scale.</summary>
public sealed class DataTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Info_json_matches_the_file()
    {
        var heartScale = CliAssert.HeartScalePath();
        var expected = CountFromText(heartScale);

        var result = await CliProcess.RunAsync("data", "info", "--data", heartScale, "--json");

        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var info = Summary.Of(json.RootElement);
        Assert.Equal(270, info.Rows);
        Assert.Equal(13, info.Features);
        Assert.Equal(expected, info);
        Assert.Equal(0, json.RootElement.GetProperty("other_labels").GetInt32());
    }

    [Fact]
    public async Task Export_then_info_gives_the_same_summary()
    {
        var heartScale = CliAssert.HeartScalePath();
        var exported = _folder.File("heart_scale.svm");

        var export = await CliProcess.RunAsync("data", "export", "--data", heartScale, "--out", exported);
        CliAssert.Success(export);
        Assert.True(File.Exists(exported), $"{exported} was not written\n{export}");

        var original = await CliProcess.RunAsync("data", "info", "--data", heartScale, "--json");
        var copy = await CliProcess.RunAsync("data", "info", "--data", exported, "--json");
        CliAssert.Success(original);
        CliAssert.Success(copy);
        using var originalJson = RunTests.ParseSingleObject(original);
        using var copyJson = RunTests.ParseSingleObject(copy);
        Assert.Equal(Summary.Of(originalJson.RootElement), Summary.Of(copyJson.RootElement));
        Assert.Equal(CountFromText(exported), Summary.Of(copyJson.RootElement));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Rows, features (largest index), entries and ±1 labels counted straight from a LIBSVM file's text.</summary>
    private static Summary CountFromText(string path)
    {
        int rows = 0, features = 0, positives = 0, negatives = 0;
        long nonZeros = 0;
        foreach (var raw in File.ReadLines(path))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var tokens = (hash >= 0 ? raw[..hash] : raw).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
            {
                continue;
            }

            rows++;
            var label = double.Parse(tokens[0], CultureInfo.InvariantCulture);
            positives += label == 1 ? 1 : 0;
            negatives += label == -1 ? 1 : 0;
            foreach (var entry in tokens.Skip(1))
            {
                nonZeros++;
                features = Math.Max(features, int.Parse(entry[..entry.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture));
            }
        }

        return new Summary(rows, features, nonZeros, positives, negatives);
    }

    private sealed record Summary(int Rows, int Features, long NonZeros, int Positives, int Negatives)
    {
        public static Summary Of(JsonElement info) => new(
            info.GetProperty("rows").GetInt32(),
            info.GetProperty("features").GetInt32(),
            info.GetProperty("non_zeros").GetInt64(),
            info.GetProperty("positives").GetInt32(),
            info.GetProperty("negatives").GetInt32());
    }
}
