using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Engines.Tests.Traces;

/// <summary>A fresh folder for one test's stores and CSV files, deleted afterwards.</summary>
public sealed class TraceFolder : IDisposable
{
    public TraceFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hemingway-trace-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string contents)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file, contents);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system to clean up.
        }
    }
}

/// <summary>Runs and rows with awkward values: nulls, NaN-free extremes, and doubles that do not print short.</summary>
public static class TraceTestData
{
    public static readonly DateTimeOffset Started = new(2024, 5, 17, 9, 30, 12, 345, TimeSpan.FromHours(2));

    public static RunInfo Run(string id, string algorithm = "cocoa", int machines = 4, string engine = "sim", string dataset = "mnist:5") => new(
        RunId: id,
        Dataset: dataset,
        Loss: "hinge",
        Lambda: 1e-4,
        Algorithm: algorithm,
        Parameters: "H=1n_k,beta=1",
        Engine: engine,
        Cluster: engine == "sim" ? "spark" : "",
        Machines: machines,
        DataFraction: 0.1 + 0.2,
        Seed: -7,
        OptimalPrimal: 0.2876543210987654,
        Started: Started);

    /// <summary><paramref name="count"/> rows of a plausible run; every third has no dual, the first has no sub-optimality.</summary>
    public static IReadOnlyList<TraceRow> Rows(int count, double optimal = 0.2876543210987654)
    {
        var rows = new List<TraceRow>();
        for (var i = 0; i < count; i++)
        {
            var primal = optimal + (1.0 / 3.0 / (i + 1));
            double? dual = i % 3 == 2 ? null : optimal - (Math.PI / 1e3 / (i + 1));
            rows.Add(new TraceRow(
                Iteration: i,
                WallSeconds: i * 0.0123456789012345,
                SimulatedSeconds: i == 1 ? null : i * 1.1e-3 + double.Epsilon,
                ComputeSeconds: i == 0 ? 0 : 1e-300 * i,
                Bytes: i * 3_000_000_000L,
                Primal: primal,
                Dual: dual,
                Gap: primal - dual,
                Suboptimality: i == 0 ? null : primal - optimal));
        }

        return rows;
    }

    /// <summary>Every double of two rows is the same bit for bit (nulls in the same places).</summary>
    public static void AssertSameBits(TraceRow expected, TraceRow actual)
    {
        Assert.Equal(expected.Iteration, actual.Iteration);
        Assert.Equal(expected.Bytes, actual.Bytes);
        AssertSameBits(expected.WallSeconds, actual.WallSeconds, "wall_seconds", expected.Iteration);
        AssertSameBits(expected.SimulatedSeconds, actual.SimulatedSeconds, "simulated_seconds", expected.Iteration);
        AssertSameBits(expected.ComputeSeconds, actual.ComputeSeconds, "compute_seconds", expected.Iteration);
        AssertSameBits(expected.Primal, actual.Primal, "primal", expected.Iteration);
        AssertSameBits(expected.Dual, actual.Dual, "dual", expected.Iteration);
        AssertSameBits(expected.Gap, actual.Gap, "gap", expected.Iteration);
        AssertSameBits(expected.Suboptimality, actual.Suboptimality, "subopt", expected.Iteration);
    }

    public static void AssertSameRows(IReadOnlyList<TraceRow> expected, IReadOnlyList<TraceRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSameBits(expected[i], actual[i]);
        }
    }

    public static void AssertSameBits(double? expected, double? actual, string field, int iteration)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"iteration {iteration}, {field}: expected {Show(expected)}, got {Show(actual)}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a),
                $"iteration {iteration}, {field}: expected {e:R}, got {a:R}");
        }
    }

    private static string Show(double? value) => value is { } v ? v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "null";
}
