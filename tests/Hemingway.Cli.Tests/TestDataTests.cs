using System.Globalization;
using System.IO.Compression;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>hemingway run --test-data</c> end to end: the test error recorded after every iteration, checked against
/// numbers computed here from the data files and against LIBLINEAR's solution of the same problem.
/// </summary>
public sealed class TestDataTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_test_error_of_a_converged_run_is_that_of_LIBLINEARs_solution()
    {
        // heart_scale split in two: 200 rows to train on, 70 held out. --features 13 fixes both dimensions.
        var heart = DatasetSpec.Load(CliAssert.HeartScalePath(), new DatasetLoadOptions { Features = 13 });
        var train = heart.SelectRows([.. Enumerable.Range(0, 200)]);
        var test = heart.SelectRows([.. Enumerable.Range(200, 70)]);
        var trainPath = _folder.File("train.svm");
        var testPath = _folder.File("test.svm");
        LibSvmWriter.Write(train, trainPath);
        LibSvmWriter.Write(test, testPath);
        const double Lambda = 0.01;

        var store = _folder.File("traces.db");
        CliAssert.Success(await CliProcess.RunAsync(
            ["run", "--data", trainPath, "--test-data", testPath, "--features", "13", "--lambda", "0.01", "--algorithm", "cocoa", "--machines", "1",
                "--target-subopt", "1e-10", "--iterations", "5000", "--store", store, "--json"],
            CliAssert.PrivateCache(_folder.File("cache"))));
        var errors = await ExportedTestErrors(store);

        Assert.All(errors, e => Assert.InRange(e, 0, 1));

        // w = 0 predicts −1 for every row.
        Assert.Equal(test.Labels.Count(y => y > 0) / 70.0, errors[0], 15);

        // At P − P* ≤ 1e-10, w is LIBLINEAR's w* (solved to 1e-10 here) to within 1e-5 in norm; no test row lies that
        // close to either hyperplane, so both classify every row alike.
        var reference = Liblinear.TrainWeights(train, solver: 3, Lambda, epsilon: 1e-10);
        var margins = Enumerable.Range(0, test.Rows).Select(i => Dot(test, i, reference)).ToArray();
        Assert.True(margins.Min(Math.Abs) > 1e-3, $"a test row has margin {margins.Min(Math.Abs):G3} under LIBLINEAR's w: the comparison is not decisive");
        var misclassified = Enumerable.Range(0, test.Rows).Count(i => (margins[i] > 0 ? 1 : -1) != test.Labels[i]);
        Assert.Equal(misclassified / 70.0, errors[^1], 15);
    }

    [Fact]
    public async Task A_run_on_MNIST_records_the_test_error_of_every_iteration()
    {
        var store = _folder.File("traces.db");
        CliAssert.Success(await CliProcess.RunAsync(
            "run", "--data", "mnist:5", "--fraction", "0.02", "--test-data", "mnist-test:5", "--lambda", "1e-2", "--algorithm", "cocoa+",
            "--machines", "2", "--engine", "sim", "--iterations", "8", "--store", store, "--json"));
        var errors = await ExportedTestErrors(store);

        Assert.Equal(9, errors.Count);
        Assert.All(errors, e => Assert.InRange(e, 0, 1));
        Assert.Equal(CountOfDigitInTestLabels(5) / 10_000.0, errors[0], 15);
        Assert.True(errors[^1] < errors[0], $"8 iterations of CoCoA+ should beat predicting −1 for every image: {string.Join(", ", errors)}");
    }

    [Fact]
    public async Task Test_data_that_cannot_be_used_is_a_one_line_error()
    {
        var heart = CliAssert.HeartScalePath();
        var narrow = _folder.Write("narrow.svm", "+1 1:0.5 2:0.25\n-1 3:1\n");
        var environment = CliAssert.PrivateCache(_folder.File("cache"));
        var store = _folder.File("traces.db");
        CliAssert.BadInput(
            await CliProcess.RunAsync(["run", "--data", heart, "--test-data", narrow, "--algorithm", "cocoa", "--iterations", "2", "--no-optimum", "--store", store], environment),
            "test data", "has 3 features but the training data has 13", "--features");
        CliAssert.BadInput(
            await CliProcess.RunAsync(["run", "--data", heart, "--test-data", heart, "--iterations", "2", "--no-optimum", "--store", store], environment),
            "--test-data needs a distributed algorithm");
        CliAssert.BadInput(
            await CliProcess.RunAsync(["run", "--data", heart, "--test-data", heart, "--algorithm", "cocoa", "--engine", "mpi", "--machines", "2", "--store", store], environment),
            "--test-data is not supported with --engine mpi");
        CliAssert.BadInput(
            await CliProcess.RunAsync(["run", "--data", heart, "--test-data", _folder.File("missing.svm"), "--algorithm", "cocoa", "--no-optimum", "--store", store], environment),
            "missing.svm");
    }

    private async Task<List<double>> ExportedTestErrors(string store)
    {
        var csv = _folder.File("traces.csv");
        CliAssert.Success(await CliProcess.RunAsync("traces", "export", "--store", store, "--out", csv));
        var lines = await File.ReadAllLinesAsync(csv);
        var header = lines[0].Split(',');
        var iteration = Array.IndexOf(header, "iteration");
        var testError = Array.IndexOf(header, "test_error");
        Assert.True(testError >= 0, $"no test_error column in {lines[0]}");

        // The parameters column is quoted and holds commas; the iteration and test error are counted from the end.
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(f => (
            Iteration: int.Parse(f[f.Length - header.Length + iteration], CultureInfo.InvariantCulture),
            Error: double.Parse(f[^(header.Length - testError)], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(Enumerable.Range(0, rows.Count), rows.Select(r => r.Iteration));
        return [.. rows.Select(r => r.Error)];
    }

    private static double Dot(Dataset data, int row, double[] w)
    {
        var sum = 0.0;
        var indices = data.Features.RowIndices(row);
        var values = data.Features.RowValues(row);
        for (var k = 0; k < indices.Length; k++)
        {
            sum += values[k] * w[indices[k]];
        }

        return sum;
    }

    /// <summary>The images of <paramref name="digit"/> among MNIST's 10 000 test labels, read from the IDX file's bytes.</summary>
    private static int CountOfDigitInTestLabels(int digit)
    {
        var raw = Path.Combine(HemingwayPaths.MnistDirectory, "t10k-labels-idx1-ubyte");
        using Stream file = File.Exists(raw)
            ? File.OpenRead(raw)
            : File.Exists(raw + ".gz") ? new GZipStream(File.OpenRead(raw + ".gz"), CompressionMode.Decompress)
            : throw new InvalidOperationException($"{raw} is missing: run scripts/setup.sh");
        using var bytes = new MemoryStream();
        file.CopyTo(bytes);
        var labels = bytes.ToArray();
        Assert.Equal(10_008, labels.Length); // magic, count, then one byte per image
        return labels.Skip(8).Count(b => b == digit);
    }
}
