using System.Globalization;
using System.Text;
using Hemingway.Core;

namespace Hemingway.Engines.Traces;

/// <summary>
/// Traces as flat CSV, one line per iteration with the run's fields repeated (see <see cref="Columns"/>), a header
/// line first, an empty cell for null, doubles in round-trip form, culture-invariant. <see cref="Read"/> also accepts
/// traces written elsewhere (a Spark job): columns in any order, and only <see cref="RequiredColumns"/> plus one of
/// wall_seconds and simulated_seconds are needed.
/// </summary>
public static class TraceCsv
{
    /// <summary>The engine of an imported run whose file has no engine column.</summary>
    public const string DefaultEngine = "imported";

    /// <summary>Every column, in the order <see cref="Export"/> writes them.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "run_id", "dataset", "loss", "lambda", "algorithm", "parameters", "engine", "cluster", "machines", "data_fraction",
        "seed", "optimal_primal", "iteration", "wall_seconds", "simulated_seconds", "compute_seconds", "bytes", "primal",
        "dual", "gap", "subopt", "test_error",
    ];

    /// <summary>The columns an imported file must have (besides wall_seconds or simulated_seconds).</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } =
        ["run_id", "dataset", "loss", "lambda", "algorithm", "machines", "iteration", "primal"];

    /// <summary>Writes the runs that match <paramref name="filter"/> (all when null), oldest first, in iteration order.</summary>
    /// <returns>How many runs and rows were written (a run without rows writes no line).</returns>
    public static TraceCounts Export(TraceStore store, TextWriter writer, RunFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        int runs = 0, rows = 0;
        var line = new StringBuilder();
        foreach (var summary in store.ListRuns(filter))
        {
            var info = summary.Info;
            var prefix = string.Join(',',
                Text(info.RunId), Text(info.Dataset), Text(info.Loss), Number(info.Lambda), Text(info.Algorithm),
                Text(info.Parameters), Text(info.Engine), Text(info.Cluster), Number(info.Machines),
                Number(info.DataFraction), Number(info.Seed), Number(info.OptimalPrimal));
            runs++;
            foreach (var row in store.ReadRows(info.RunId))
            {
                line.Clear().Append(prefix).Append(',');
                line.AppendJoin(',',
                    Number(row.Iteration), Number(row.WallSeconds), Number(row.SimulatedSeconds), Number(row.ComputeSeconds),
                    Number(row.Bytes), Number(row.Primal), Number(row.Dual), Number(row.Gap), Number(row.Suboptimality),
                    Number(row.TestError));
                writer.Write(line.Append('\n'));
                rows++;
            }
        }

        return new TraceCounts(runs, rows);
    }

    /// <summary>
    /// Writes <see cref="Export"/>'s CSV to <paramref name="path"/>, replacing the file only once it is complete.
    /// </summary>
    /// <exception cref="HemingwayException">The file cannot be written.</exception>
    public static TraceCounts ExportFile(TraceStore store, string path, RunFilter? filter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var partial = full + ".partial";
        try
        {
            TraceCounts counts;
            using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                counts = Export(store, writer, filter);
            }

            File.Move(partial, full, overwrite: true);
            return counts;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            throw new HemingwayException($"{full}: cannot write the CSV file: {e.Message}", e);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    /// <summary>
    /// Reads traces from CSV. Missing optional columns take their defaults (parameters "", engine "imported",
    /// cluster "", data_fraction 1, seed 0, compute_seconds 0, bytes 0, optimal_primal/dual/gap/subopt/test_error null); an empty
    /// cell is null (or the default). When the file has no gap column, the gap is computed as primal − dual where the
    /// dual is given; when it has no subopt column, the sub-optimality is computed as primal − optimal_primal where P*
    /// is given (an empty gap or subopt cell stays null). A row without a wall time has NaN wall seconds.
    /// Every run gets <paramref name="started"/> (default: now) and the stop reason
    /// <see cref="TraceStore.ImportedStopReason"/>.
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="fileName">The file's name, for error messages.</param>
    /// <param name="started">The start time recorded for every run (CSV traces do not carry one).</param>
    /// <returns>The runs in order of first appearance, each with its rows in iteration order.</returns>
    /// <exception cref="HemingwayException">
    /// Bad input, as one line "file:line: column 'x': value 'v' …" naming the file, the line, the column and the value.
    /// </exception>
    public static IReadOnlyList<RecordedRun> Read(TextReader reader, string fileName, DateTimeOffset? started = null) =>
        [.. Parse(reader, fileName, started ?? DateTimeOffset.UtcNow).Select(run => run.ToRecorded())];

    /// <summary>
    /// Imports a CSV file (see <see cref="Read"/>) into <paramref name="store"/>, all runs in one transaction.
    /// </summary>
    /// <param name="store">The store to add the runs to.</param>
    /// <param name="path">The CSV file.</param>
    /// <param name="replace">Replace runs whose id is already in the store (else that is an error).</param>
    /// <exception cref="HemingwayException">The file is missing or bad, or a run id is already in the store.</exception>
    public static TraceCounts Import(TraceStore store, string path, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new HemingwayException($"{path}: no such file");
        }

        List<ParsedRun> runs;
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            runs = Parse(reader, path, DateTimeOffset.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HemingwayException($"{path}: cannot read the file: {e.Message}", e);
        }

        if (!replace)
        {
            foreach (var run in runs.Where(run => store.FindRun(run.Info.RunId) is not null))
            {
                throw new HemingwayException(
                    $"{path}:{run.FirstLine}: column 'run_id': value '{Show(run.Info.RunId)}' is already in the trace store " +
                    $"{store.FilePath} (replace it with --replace)");
            }
        }

        store.Insert([.. runs.Select(run => run.ToRecorded())], replace);
        return new TraceCounts(runs.Count, runs.Sum(run => run.Rows.Count));
    }

    private static List<ParsedRun> Parse(TextReader reader, string fileName, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvRecordReader(reader, fileName);
        var header = csv.Read();
        while (header is { IsBlank: true })
        {
            header = csv.Read();
        }

        if (header is null)
        {
            throw new HemingwayException($"{fileName}: empty file; expected a header line with the columns {string.Join(',', Columns)}");
        }

        var columns = Header.Parse(header, fileName);
        var runs = new List<ParsedRun>();
        var byId = new Dictionary<string, ParsedRun>(StringComparer.Ordinal);
        for (var record = csv.Read(); record is not null; record = csv.Read())
        {
            if (record.IsBlank)
            {
                continue;
            }

            if (record.Fields.Count != columns.Count)
            {
                throw new HemingwayException(
                    $"{fileName}:{record.Line}: {record.Fields.Count} fields, but the header has {columns.Count} columns");
            }

            var cells = new Cells(columns, record, fileName);
            var info = cells.ReadRun(started);
            if (!byId.TryGetValue(info.RunId, out var run))
            {
                run = new ParsedRun(info, record.Line, [], []);
                byId.Add(info.RunId, run);
                runs.Add(run);
            }
            else if (FirstDifference(run.Info, info) is { } column)
            {
                throw cells.Error(column, $"differs from line {run.FirstLine} of run '{Show(info.RunId)}'");
            }

            var row = cells.ReadRow(info.OptimalPrimal);
            if (!run.Lines.TryAdd(row.Iteration, record.Line))
            {
                throw cells.Error("iteration", $"repeats line {run.Lines[row.Iteration]} of run '{Show(info.RunId)}'");
            }

            run.Rows.Add(row);
        }

        return runs;
    }

    /// <summary>The first run-level column in which two rows of the same run disagree, or null.</summary>
    private static string? FirstDifference(RunInfo first, RunInfo other) =>
        first.Dataset != other.Dataset ? "dataset"
        : first.Loss != other.Loss ? "loss"
        : !first.Lambda.Equals(other.Lambda) ? "lambda"
        : first.Algorithm != other.Algorithm ? "algorithm"
        : first.Parameters != other.Parameters ? "parameters"
        : first.Engine != other.Engine ? "engine"
        : first.Cluster != other.Cluster ? "cluster"
        : first.Machines != other.Machines ? "machines"
        : !first.DataFraction.Equals(other.DataFraction) ? "data_fraction"
        : first.Seed != other.Seed ? "seed"
        : !Nullable.Equals(first.OptimalPrimal, other.OptimalPrimal) ? "optimal_primal"
        : null;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? Number(v) : "";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A text cell, quoted (RFC 4180) when it holds a comma, a quote or a line break.</summary>
    private static string Text(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>A value as shown in a one-line error message.</summary>
    private static string Show(string value) =>
        value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the partial file is only litter.
        }
    }

    /// <summary>A run being read: what it is, the line it first appears on, its rows so far and their lines.</summary>
    private sealed record ParsedRun(RunInfo Info, int FirstLine, List<TraceRow> Rows, Dictionary<int, int> Lines)
    {
        /// <summary>The run to store, its rows in iteration order.</summary>
        public RecordedRun ToRecorded() =>
            new(Info, [.. Rows.OrderBy(row => row.Iteration)], TraceStore.ImportedStopReason);
    }

    /// <summary>The header: which field holds which known column.</summary>
    private static class Header
    {
        public static Dictionary<string, int> Parse(CsvRecord header, string fileName)
        {
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Fields.Count; i++)
            {
                var name = header.Fields[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
                if (!Columns.Contains(name))
                {
                    throw new HemingwayException(
                        $"{fileName}:{header.Line}: unknown column '{Show(header.Fields[i])}'; the columns are {string.Join(',', Columns)}");
                }

                if (!columns.TryAdd(name, i))
                {
                    throw new HemingwayException($"{fileName}:{header.Line}: column '{name}' appears twice in the header");
                }
            }

            foreach (var required in RequiredColumns.Where(required => !columns.ContainsKey(required)))
            {
                throw new HemingwayException($"{fileName}:{header.Line}: required column '{required}' is missing from the header");
            }

            if (!columns.ContainsKey("wall_seconds") && !columns.ContainsKey("simulated_seconds"))
            {
                throw new HemingwayException(
                    $"{fileName}:{header.Line}: required column 'wall_seconds' or 'simulated_seconds' is missing from the header (one of them is needed)");
            }

            return columns;
        }
    }

    /// <summary>The cells of one record, parsed by column name, with errors that name the file, line, column and value.</summary>
    private readonly struct Cells(Dictionary<string, int> columns, CsvRecord record, string fileName)
    {
        public RunInfo ReadRun(DateTimeOffset started) => new(
            RunId: RequiredText("run_id"),
            Dataset: RequiredText("dataset"),
            Loss: RequiredText("loss"),
            Lambda: Double("lambda", required: true, v => v > 0 && double.IsFinite(v), "must be a finite number > 0")!.Value,
            Algorithm: RequiredText("algorithm"),
            Parameters: OptionalText("parameters", ""),
            Engine: OptionalText("engine", DefaultEngine),
            Cluster: OptionalText("cluster", ""),
            Machines: (int)(Whole("machines", required: true, 1, int.MaxValue) ?? 0),
            DataFraction: Double("data_fraction", required: false, v => v > 0 && v <= 1, "must be in (0, 1]") ?? 1,
            Seed: (int)(Whole("seed", required: false, int.MinValue, int.MaxValue) ?? 0),
            OptimalPrimal: Double("optimal_primal", required: false),
            Started: started);

        public TraceRow ReadRow(double? optimalPrimal)
        {
            var iteration = (int)Whole("iteration", required: true, 0, int.MaxValue)!.Value;
            var wall = Double("wall_seconds", required: false);
            var simulated = Double("simulated_seconds", required: false);
            if (wall is null && simulated is null)
            {
                throw new HemingwayException(
                    $"{fileName}:{record.Line}: columns 'wall_seconds' and 'simulated_seconds' are both empty; a row needs one of them");
            }

            var primal = Double("primal", required: true)!.Value;
            var dual = Double("dual", required: false);
            return new TraceRow(
                Iteration: iteration,
                WallSeconds: wall ?? double.NaN,
                SimulatedSeconds: simulated,
                ComputeSeconds: Double("compute_seconds", required: false) ?? 0,
                Bytes: Whole("bytes", required: false, 0, long.MaxValue) ?? 0,
                Primal: primal,
                Dual: dual,
                Gap: Has("gap") ? Double("gap", required: false) : primal - dual,
                Suboptimality: Has("subopt") ? Double("subopt", required: false) : primal - optimalPrimal,
                TestError: Double("test_error", required: false, v => v >= 0, "must be ≥ 0"));
        }

        public HemingwayException Error(string column, string problem) =>
            new($"{fileName}:{record.Line}: column '{column}': value '{Show(Raw(column) ?? "")}' {problem}");

        /// <summary>Whether the file has this column.</summary>
        private bool Has(string column) => columns.ContainsKey(column);

        /// <summary>The cell's text, or null when the file has no such column.</summary>
        private string? Raw(string column) => columns.TryGetValue(column, out var i) ? record.Fields[i] : null;

        private string RequiredText(string column) => Raw(column) is { Length: > 0 } text ? text : throw Empty(column);

        private HemingwayException Empty(string column) =>
            new($"{fileName}:{record.Line}: column '{column}': empty value, but the column is required");

        private string OptionalText(string column, string fallback) => Raw(column) is { Length: > 0 } text ? text : fallback;

        private double? Double(string column, bool required, Func<double, bool>? valid = null, string? rule = null)
        {
            var text = Raw(column)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return required ? throw Empty(column) : null;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw Error(column, "is not a number");
            }

            return valid is null || valid(value) ? value : throw Error(column, rule!);
        }

        private long? Whole(string column, bool required, long min, long max)
        {
            var text = Raw(column)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return required ? throw Empty(column) : null;
            }

            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                // Other tools may write whole numbers as doubles ("8.0", "1.5E9").
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    throw Error(column, "is not a number");
                }

                if (number != Math.Floor(number) || number < -9.2e18 || number > 9.2e18)
                {
                    throw Error(column, "is not a whole number");
                }

                value = (long)number;
            }

            return value >= min && value <= max
                ? value
                : throw Error(column, min == 0 ? "must be ≥ 0" : min == 1 ? "must be ≥ 1" : $"must be between {min} and {max}");
        }
    }
}
