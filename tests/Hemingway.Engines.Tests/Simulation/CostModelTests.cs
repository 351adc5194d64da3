using Hemingway.Core;
using Hemingway.Engines.Simulation;
using Xunit;

namespace Hemingway.Engines.Tests.Simulation;

public sealed class CostModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hemingway-cost-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Seconds_is_the_per_call_constant_plus_units_times_the_rate()
    {
        var model = new CostModel(SecondsPerUnit: 2e-9, SecondsPerCall: 1e-6);
        Assert.Equal(1e-6, model.Seconds(0));
        Assert.Equal(1e-6 + 0.018, model.Seconds(9_000_000), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Seconds(-1));
    }

    [Fact]
    public void Save_then_Load_gives_back_the_same_model()
    {
        var path = Path.Combine(_directory, "nested", "cost-model.json");
        var model = new CostModel(1.2345678901234567e-9, 4.5e-7)
        {
            Source = "calibrated",
            CalibratedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
            Machine = "test box",
            CalibrationUnits = 123_456_789,
            Optimized = false,
        };

        model.Save(path);

        Assert.Equal(model, CostModel.Load(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{}")]
    [InlineData("{\"SecondsPerUnit\": -1, \"SecondsPerCall\": 0}")]
    [InlineData("{\"SecondsPerUnit\": 1e-9, \"SecondsPerCall\": 0, \"Format\": 99}")]
    [InlineData("{\"SecondsPerUnit\": 1e-9")]
    public void Load_refuses_a_damaged_file(string content)
    {
        var path = Path.Combine(_directory, "cost-model.json");
        File.WriteAllText(path, content);
        var error = Assert.Throws<HemingwayException>(() => CostModel.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_of_a_missing_file_is_an_input_error()
    {
        Assert.Throws<HemingwayException>(() => CostModel.Load(Path.Combine(_directory, "absent.json")));
    }

    [Fact]
    public void LoadOrCalibrate_returns_a_saved_model_unchanged()
    {
        var path = Path.Combine(_directory, "cost-model.json");
        var saved = new CostModel(3.25e-9, 1e-7);
        saved.Save(path);

        Assert.Equal(saved, CostModel.LoadOrCalibrate(path));
    }

    [Fact]
    public void LoadOrCalibrate_recalibrates_a_damaged_file_and_saves_the_result()
    {
        var path = Path.Combine(_directory, "cost-model.json");
        File.WriteAllText(path, "{\"SecondsPerUnit\": \"garbage\"");

        var model = CostModel.LoadOrCalibrate(path);

        Assert.Equal("calibrated", model.Source);
        Assert.True(model.IsValid);
        Assert.Equal(model, CostModel.Load(path));
    }

    [Fact]
    public void Calibrate_measures_a_plausible_rate_within_its_budget()
    {
        var started = DateTime.UtcNow;
        var model = CostModel.Calibrate(TimeSpan.FromSeconds(0.2));
        var elapsed = DateTime.UtcNow - started;

        Assert.True(model.IsValid);
        Assert.Equal("calibrated", model.Source);
        Assert.Equal(CostModel.ProcessIsOptimized, model.Optimized);
        Assert.NotNull(model.CalibratedAt);

        // A nonzero through a dot and an axpy: well above 0.05 ns, well below 1 µs on anything that runs .NET.
        Assert.InRange(model.SecondsPerUnit, 5e-11, 1e-6);
        Assert.InRange(model.SecondsPerCall, 0, 1e-3);
        Assert.True(model.CalibrationUnits >= 3 * CalibrationWorkload.CreateDefault().UnitsPerPass);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"calibration took {elapsed}");
    }

    [Fact]
    public void The_calibration_data_are_deterministic()
    {
        var first = CalibrationWorkload.CreateDefault();
        var second = CalibrationWorkload.CreateDefault();

        Assert.Equal(first.Rows.RowOffsets, second.Rows.RowOffsets);
        Assert.Equal(first.Rows.Indices, second.Rows.Indices);
        Assert.Equal(first.Rows.Values, second.Rows.Values);

        // Pinned: a change to the generator would silently make old and new calibrations incomparable.
        Assert.Equal(0x2B946DE57D26B9F9UL, first.Fingerprint());
        Assert.NotEqual(first.Fingerprint(), CalibrationWorkload.Create(16_384, 150, 784, seed: 1).Fingerprint());
    }

    [Fact]
    public void The_calibration_data_are_mnist_shaped()
    {
        var workload = CalibrationWorkload.CreateDefault();
        var rows = workload.Rows;
        Assert.Equal(784, rows.Columns);
        Assert.Equal(16_384, rows.Rows);
        Assert.Equal(16_384L * 150, workload.UnitsPerPass);
        for (var i = 0; i < rows.Rows; i++)
        {
            var indices = rows.Indices.AsSpan(rows.RowOffsets[i], rows.RowOffsets[i + 1] - rows.RowOffsets[i]);
            Assert.Equal(150, indices.Length);
            for (var k = 1; k < indices.Length; k++)
            {
                Assert.True(indices[k - 1] < indices[k]);
            }

            Assert.InRange(indices[0], 0, 783);
            Assert.InRange(indices[^1], 0, 783);
        }

        Assert.All(rows.Values, v => Assert.InRange(v, float.Epsilon, 1f));
    }

    [Fact]
    public void The_timed_loop_counts_its_units_and_stays_bounded()
    {
        var workload = CalibrationWorkload.Create(256, 20, 100, seed: 5);
        Assert.Equal(256 * 20, workload.Run(0, 256));
        for (var pass = 0; pass < 20; pass++)
        {
            workload.Run(0, 256);
        }

        // Relaxed Kaczmarz steps toward x·w = 1 never blow up: after many passes the model is finite and of the
        // size that solves the system (≈ 1 / (20 · ½) per coordinate), and the margins are near 1.
        Assert.All(workload.Model.ToArray(), w => Assert.InRange(w, -1.0, 1.0));
        var rows = workload.Rows;
        for (var i = 0; i < 256; i++)
        {
            double margin = 0;
            for (var k = rows.RowOffsets[i]; k < rows.RowOffsets[i + 1]; k++)
            {
                margin += rows.Values[k] * workload.Model[rows.Indices[k]];
            }

            Assert.InRange(margin, 0.0, 2.0);
        }

        workload.Reset();
        Assert.All(workload.Model.ToArray(), w => Assert.Equal(0.0, w));
    }
}
