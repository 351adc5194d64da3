using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hemingway.Core;

namespace Hemingway.Engines.Simulation;

/// <summary>
/// Predicted compute seconds of a worker's local step from the work it reports, for simulated runs that do not depend
/// on how busy this machine happens to be: <c>seconds = SecondsPerCall + units · SecondsPerUnit</c>. A unit is one
/// stored nonzero visited by a coordinate or gradient step (a sparse dot over the row and, usually, an axpy over the
/// same entries), the count <c>IWorker.Compute</c> returns; one CoCoA pass over MNIST is ≈ 9 M units.
/// Calibrated once per machine (<see cref="Calibrate"/>) and saved as JSON under the cache root
/// (<see cref="DefaultPath"/>); <see cref="LoadOrCalibrate"/> recalibrates when the file is missing or damaged.
/// </summary>
/// <param name="SecondsPerUnit">Seconds per work unit (&gt; 0).</param>
/// <param name="SecondsPerCall">Seconds per local step independent of its rows (≥ 0): copying the broadcast,
/// writing the message, the call itself.</param>
public sealed record CostModel(double SecondsPerUnit, double SecondsPerCall)
{
    /// <summary>Version of the JSON layout; files of another version are recalibrated.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The calibration's default time budget.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(0.5);

    // Rows per timed block: ≈ 77 000 units, tens of microseconds, still streaming the data from memory.
    private const int BlockRows = 512;

    // The low quantile of the block rates taken as the machine's rate.
    private const double RateQuantile = 0.1;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The JSON layout's version (<see cref="CurrentFormat"/> when written by this code).</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>"calibrated", or "fixed" for a model written by hand (tests, reproducible reports).</summary>
    public string Source { get; init; } = "fixed";

    /// <summary>When it was calibrated; null for a fixed model.</summary>
    public DateTimeOffset? CalibratedAt { get; init; }

    /// <summary>Where it was calibrated: host name, logical cores, OS architecture and .NET runtime (informative only).</summary>
    public string? Machine { get; init; }

    /// <summary>Work units timed during the calibration (0 for a fixed model).</summary>
    public long CalibrationUnits { get; init; }

    /// <summary>Whether the calibration ran with the JIT optimising (a Release build); a Debug build's loops run
    /// several times slower and must not stand for the machine.</summary>
    public bool Optimized { get; init; } = true;

    /// <summary>Whether this process's simulation code runs optimised (false in a Debug build).</summary>
    public static bool ProcessIsOptimized { get; } =
        typeof(CostModel).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;

    /// <summary>
    /// Where <see cref="LoadOrCalibrate"/> keeps the model: <c>cost-model.json</c> under
    /// <see cref="HemingwayPaths.CacheRoot"/>, or <c>cost-model.debug.json</c> when this is a Debug build, so a
    /// Debug run never replaces the Release calibration with its slower numbers.
    /// </summary>
    public static string DefaultPath =>
        Path.Combine(HemingwayPaths.CacheRoot, ProcessIsOptimized ? "cost-model.json" : "cost-model.debug.json");

    /// <summary>Predicted seconds of one local step that visits <paramref name="workUnits"/> nonzeros.</summary>
    public double Seconds(long workUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workUnits);
        return SecondsPerCall + (workUnits * SecondsPerUnit);
    }

    /// <summary>Whether the numbers are usable: finite, a positive rate, a non-negative constant, the current format.</summary>
    [JsonIgnore]
    public bool IsValid =>
        Format == CurrentFormat
        && double.IsFinite(SecondsPerUnit) && SecondsPerUnit > 0
        && double.IsFinite(SecondsPerCall) && SecondsPerCall >= 0;

    /// <summary>
    /// Measures this machine: times passes of the deterministic <see cref="CalibrationWorkload"/> (a sparse dot, a step
    /// and a sparse axpy per row), block of 512 rows by block, until <paramref name="budget"/> (default 0.5 s) is
    /// spent, and takes the 10th percentile of the blocks' seconds per unit: a low quantile is the statistic least
    /// moved by other processes sharing the cores (a mean or a whole-pass time follows their load) and, unlike the
    /// minimum, not set by one lucky block. Then it times a worker's fixed per-call frame at MNIST's dimension for
    /// the per-call constant. On a shared or virtual machine the rate still moves with the host's load (seen here:
    /// 1 to 3.5 ns per unit between calibrations), which is why it is calibrated once and saved.
    /// Single-threaded, like one simulated worker.
    /// </summary>
    public static CostModel Calibrate(TimeSpan? budget = null)
    {
        var limit = budget ?? DefaultBudget;
        var started = Stopwatch.GetTimestamp();
        var workload = CalibrationWorkload.CreateDefault();
        var rows = workload.Rows.Rows;

        // Warm up: the loop is compiled fully optimised at once (AggressiveOptimization); one pass pulls the data in.
        workload.Run(0, rows);

        // Blocks of rows get 85% of the budget, the per-call frame the rest; at least three passes whatever the
        // budget. Each block is timed on its own, so an interruption spoils one block, not a whole pass.
        var passDeadline = started + (long)(limit.TotalSeconds * 0.85 * Stopwatch.Frequency);
        var rates = new List<double>();
        long timedUnits = 0;
        for (var pass = 0; pass < 3 || Stopwatch.GetTimestamp() < passDeadline; pass++)
        {
            workload.Reset();
            for (var start = 0; start < rows; start += BlockRows)
            {
                var end = Math.Min(rows, start + BlockRows);
                var before = Stopwatch.GetTimestamp();
                var units = workload.Run(start, end);
                var seconds = Stopwatch.GetElapsedTime(before).TotalSeconds;
                timedUnits += units;
                rates.Add(seconds / units);
            }
        }

        rates.Sort();
        var secondsPerUnit = rates[(int)(RateQuantile * (rates.Count - 1))];
        var perCall = MeasurePerCall(workload, secondsPerUnit, started + (long)(limit.TotalSeconds * Stopwatch.Frequency));
        return new CostModel(secondsPerUnit, perCall)
        {
            Source = "calibrated",
            CalibratedAt = DateTimeOffset.UtcNow,
            Machine = $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}",
            CalibrationUnits = timedUnits,
            Optimized = ProcessIsOptimized,
        };
    }

    /// <summary>Reads a model saved by <see cref="Save"/>.</summary>
    /// <exception cref="HemingwayException">The file is missing, unreadable, not a cost model, or holds unusable numbers.</exception>
    public static CostModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        CostModel? model;
        try
        {
            model = JsonSerializer.Deserialize<CostModel>(File.ReadAllText(path), JsonOptions);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new HemingwayException($"Cannot read the cost model '{path}': {e.Message}", e);
        }

        return model is { IsValid: true }
            ? model
            : throw new HemingwayException($"The cost model '{path}' holds no usable numbers (format {model?.Format}).");
    }

    /// <summary>
    /// The model saved at <paramref name="path"/> (default <see cref="DefaultPath"/>), or, when it is missing, damaged
    /// or of another format, a fresh <see cref="Calibrate"/> that is saved there for next time.
    /// </summary>
    public static CostModel LoadOrCalibrate(string? path = null)
    {
        path ??= DefaultPath;
        if (File.Exists(path))
        {
            try
            {
                return Load(path);
            }
            catch (HemingwayException)
            {
                // A damaged file is recalibrated rather than trusted.
            }
        }

        var model = Calibrate();
        model.Save(path);
        return model;
    }

    /// <summary>Writes the model as JSON (to a temporary file renamed into place, so readers never see half a file).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temporary, path, overwrite: true);
    }

    private static double MeasurePerCall(CalibrationWorkload workload, double secondsPerUnit, long deadline)
    {
        const int Calls = 2000;
        var columns = workload.Rows.Columns;
        var broadcast = new double[columns];
        var local = new double[columns];
        var message = new double[columns];
        var rowUnits = workload.Rows.RowOffsets[1];
        var fastest = double.PositiveInfinity;
        for (var round = 0; round < 3 || (round < 50 && Stopwatch.GetTimestamp() < deadline); round++)
        {
            var before = Stopwatch.GetTimestamp();
            for (var call = 0; call < Calls; call++)
            {
                workload.RunCallFrame(broadcast, local, message);
            }

            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(before).TotalSeconds / Calls);
        }

        return Math.Max(0, fastest - (rowUnits * secondsPerUnit));
    }
}
