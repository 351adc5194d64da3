using System.Globalization;
using Hemingway.Core;
using Microsoft.Data.Sqlite;

namespace Hemingway.Engines.Traces;

/// <summary>
/// The trace store: one embedded SQLite file holding every run (table <c>runs</c>) and every iteration of every run
/// (table <c>iterations</c>). Rows are written as they happen (see <see cref="BeginRun"/>), so a killed process keeps
/// every iteration it completed, and several processes may read and write the same file at once (WAL journal, busy
/// timeout). All methods are thread-safe; every SQLite failure (a damaged file, a full disk, a lock held too long)
/// surfaces as a <see cref="HemingwayException"/> naming the file.
/// </summary>
/// <remarks>
/// Doubles are stored bit for bit, except that SQLite has no NaN: a NaN in a nullable field (dual, gap,
/// sub-optimality, test error, simulated seconds, P*) reads back as null, and in a non-nullable one (wall or compute seconds,
/// primal) reads back as NaN. Times are stored as ISO 8601 text in UTC.
/// </remarks>
public sealed class TraceStore : IDisposable
{
    /// <summary>The file name of the default store under the cache root.</summary>
    public const string DefaultFileName = "traces.db";

    /// <summary>The stop reason of a run that came from a CSV file rather than from a run in this store.</summary>
    public const string ImportedStopReason = "imported";

    private const string RunColumns =
        "r.run_id, r.dataset, r.loss, r.lambda, r.algorithm, r.parameters, r.engine, r.cluster, r.machines, " +
        "r.data_fraction, r.seed, r.optimal_primal, r.started, r.config, r.stop_reason, r.finished";

    private const string RowColumns =
        "iteration, wall_seconds, simulated_seconds, compute_seconds, bytes, primal, dual, gap, subopt, test_error";

    private const string InsertRunSql =
        "INSERT INTO runs (run_id, dataset, loss, lambda, algorithm, parameters, engine, cluster, machines, data_fraction, " +
        "seed, optimal_primal, started, config, stop_reason, finished) VALUES ($run_id, $dataset, $loss, $lambda, " +
        "$algorithm, $parameters, $engine, $cluster, $machines, $data_fraction, $seed, $optimal_primal, $started, $config, " +
        "$stop_reason, $finished);";

    private const string InsertRowSql =
        $"INSERT INTO iterations (run_id, {RowColumns}) VALUES ($run_id, $iteration, $wall_seconds, $simulated_seconds, " +
        "$compute_seconds, $bytes, $primal, $dual, $gap, $subopt, $test_error);";

    /// <summary>SQLITE_CONSTRAINT: a primary key, foreign key or NOT NULL constraint failed.</summary>
    private const int SqliteConstraint = 19;

    private static readonly Lazy<bool> NativeLibrary = new(() =>
    {
        SQLitePCL.Batteries.Init();
        return true;
    });

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

    private TraceStore(SqliteConnection connection, string filePath)
    {
        _connection = connection;
        FilePath = filePath;
    }

    /// <summary>The default store: <c>traces.db</c> under the cache root (see <see cref="HemingwayPaths.CacheRoot"/>).</summary>
    public static string DefaultPath => Path.Combine(HemingwayPaths.CacheRoot, DefaultFileName);

    /// <summary>The absolute path of the store's file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Opens the store in <paramref name="path"/>, creating the file (and its folder) and the tables when missing.
    /// </summary>
    /// <exception cref="HemingwayException">
    /// The file cannot be created, is not an SQLite database, is damaged, holds other tables, or was written by a
    /// newer schema. The message names the file.
    /// </exception>
    public static TraceStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new HemingwayException($"{full}: is a folder, not a trace store file");
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HemingwayException($"{full}: cannot create the trace store's folder: {e.Message}", e);
        }

        _ = NativeLibrary.Value;
        var settings = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = TraceSchema.BusyTimeoutMilliseconds / 1000,
        };
        var connection = new SqliteConnection(settings.ToString());
        try
        {
            connection.Open();
            TraceSchema.Initialize(connection, full);
            return new TraceStore(connection, full);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new HemingwayException($"{full}: not a readable trace store: {Describe(e)}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Records a new run and returns the writer of its rows. The run has no stop reason until
    /// <see cref="IRunWriter.Finish"/>; if the process dies first, it stays incomplete with the rows written so far.
    /// </summary>
    /// <param name="info">What the run is; its id must be new to the store.</param>
    /// <param name="config">The sweep's canonical key of this configuration (see <see cref="FindCompletedRun"/>), or null.</param>
    /// <exception cref="HemingwayException">A run with this id is already in the store.</exception>
    public IRunWriter BeginRun(RunInfo info, string? config = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrWhiteSpace(info.RunId, nameof(info));
        Locked(connection =>
        {
            if (Exists(connection, info.RunId, transaction: null))
            {
                throw new HemingwayException($"{FilePath}: run '{info.RunId}' is already in the trace store");
            }

            using var insert = TraceSchema.Command(connection, InsertRunSql);
            BindRun(insert, info, config, stopReason: null, finished: null);
            insert.ExecuteNonQuery();
            return 0;
        });
        return new RunWriter(this, info.RunId);
    }

    /// <summary>
    /// Stores whole runs (an import) in one transaction: either all of them are stored, or none.
    /// </summary>
    /// <param name="runs">The runs, with distinct ids.</param>
    /// <param name="replace">Replace a run already in the store (and all its rows) instead of failing.</param>
    /// <exception cref="HemingwayException">A run is already in the store and <paramref name="replace"/> is false.</exception>
    public void Insert(IReadOnlyList<RecordedRun> runs, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var finished = DateTimeOffset.UtcNow;
        Locked(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var insertRun = TraceSchema.Command(connection, InsertRunSql, transaction);
            using var insertRow = TraceSchema.Command(connection, InsertRowSql, transaction);
            foreach (var run in runs)
            {
                if (Exists(connection, run.Info.RunId, transaction))
                {
                    if (!replace)
                    {
                        throw new HemingwayException($"{FilePath}: run '{run.Info.RunId}' is already in the trace store");
                    }

                    Delete(connection, run.Info.RunId, transaction);
                }

                insertRun.Parameters.Clear();
                BindRun(insertRun, run.Info, run.Config, run.StopReason, finished);
                insertRun.ExecuteNonQuery();
                foreach (var row in run.Rows)
                {
                    insertRow.Parameters.Clear();
                    BindRow(insertRow, run.Info.RunId, row);
                    insertRow.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return 0;
        });
    }

    /// <summary>
    /// The runs that match <paramref name="filter"/> (all runs when null), oldest first, each with its row count, last
    /// row and stop reason.
    /// </summary>
    public IReadOnlyList<RunSummary> ListRuns(RunFilter? filter = null)
    {
        filter ??= RunFilter.All;
        return Locked(connection =>
        {
            using var command = TraceSchema.Command(connection, $"""
                SELECT {RunColumns},
                    (SELECT COUNT(*) FROM iterations c WHERE c.run_id = r.run_id),
                    l.iteration, l.wall_seconds, l.simulated_seconds, l.compute_seconds, l.bytes, l.primal, l.dual, l.gap, l.subopt,
                    l.test_error
                FROM runs r
                LEFT JOIN iterations l ON l.run_id = r.run_id
                    AND l.iteration = (SELECT MAX(m.iteration) FROM iterations m WHERE m.run_id = r.run_id)
                WHERE ($algorithm IS NULL OR r.algorithm = $algorithm)
                    AND ($dataset IS NULL OR r.dataset = $dataset)
                    AND ($engine IS NULL OR r.engine = $engine)
                    AND ($machines IS NULL OR r.machines = $machines)
                    AND ($run_id IS NULL OR r.run_id = $run_id)
                ORDER BY r.started, r.run_id;
                """);
            Bind(command, "$algorithm", filter.Algorithm);
            Bind(command, "$dataset", filter.Dataset);
            Bind(command, "$engine", filter.Engine);
            Bind(command, "$machines", filter.Machines);
            Bind(command, "$run_id", filter.RunId);
            var runs = new List<RunSummary>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var info = ReadRun(reader);
                var rowCount = reader.GetInt32(16);
                runs.Add(new RunSummary(
                    info,
                    Config: NullableString(reader, 13),
                    RowCount: rowCount,
                    Last: rowCount == 0 ? null : ReadRow(reader, 17),
                    StopReason: NullableString(reader, 14),
                    Finished: reader.IsDBNull(15) ? null : ParseTime(reader.GetString(15))));
            }

            return runs;
        });
    }

    /// <summary>What the run with this id was, or null when the store has no such run.</summary>
    public RunInfo? FindRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Locked(connection =>
        {
            using var command = TraceSchema.Command(connection, $"SELECT {RunColumns} FROM runs r WHERE r.run_id = $run_id;");
            Bind(command, "$run_id", runId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadRun(reader) : null;
        });
    }

    /// <summary>The rows of a run in iteration order (empty when the store has no such run).</summary>
    public IReadOnlyList<TraceRow> ReadRows(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Locked(connection =>
        {
            using var command = TraceSchema.Command(
                connection, $"SELECT {RowColumns} FROM iterations WHERE run_id = $run_id ORDER BY iteration;");
            Bind(command, "$run_id", runId);
            var rows = new List<TraceRow>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(ReadRow(reader, 0));
            }

            return rows;
        });
    }

    /// <summary>
    /// For resuming a sweep: the id of a finished run (one with a stop reason) recorded with this configuration key,
    /// the most recently started if several; null when every run of it is incomplete or there is none.
    /// </summary>
    public string? FindCompletedRun(string config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Locked(connection =>
        {
            using var command = TraceSchema.Command(connection, """
                SELECT run_id FROM runs WHERE config = $config AND stop_reason IS NOT NULL
                ORDER BY started DESC, run_id DESC LIMIT 1;
                """);
            Bind(command, "$config", config);
            return command.ExecuteScalar() as string;
        });
    }

    /// <summary>
    /// For resuming a sweep: the ids of the incomplete runs (no stop reason: killed, or still running in another
    /// process) recorded with this configuration key, oldest first; delete them with <see cref="DeleteRun"/> before
    /// running the configuration again.
    /// </summary>
    public IReadOnlyList<string> FindIncompleteRuns(string config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Locked(connection =>
        {
            using var command = TraceSchema.Command(
                connection, "SELECT run_id FROM runs WHERE config = $config AND stop_reason IS NULL ORDER BY started, run_id;");
            Bind(command, "$config", config);
            var ids = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        });
    }

    /// <summary>Deletes a run and all its rows; returns whether there was such a run.</summary>
    public bool DeleteRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Locked(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var deleted = Delete(connection, runId, transaction);
            transaction.Commit();
            return deleted;
        });
    }

    /// <summary>Closes the file. Writers of this store cannot be used afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    /// <summary>Writes and commits one row of a run (<see cref="IRunWriter.Append"/>).</summary>
    internal void AppendRow(string runId, TraceRow row)
    {
        try
        {
            Locked(connection =>
            {
                using var insert = TraceSchema.Command(connection, InsertRowSql);
                BindRow(insert, runId, row);
                insert.ExecuteNonQuery();
                return 0;
            });
        }
        catch (HemingwayException e) when (e.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint })
        {
            throw new InvalidOperationException(
                $"run '{runId}': iteration {row.Iteration} is already recorded, or the run was deleted ({Describe((SqliteException)e.InnerException)})", e);
        }
    }

    /// <summary>Records why and when a run stopped (<see cref="IRunWriter.Finish"/>).</summary>
    internal void FinishRun(string runId, string stopReason)
    {
        var updated = Locked(connection =>
        {
            using var update = TraceSchema.Command(
                connection, "UPDATE runs SET stop_reason = $stop_reason, finished = $finished WHERE run_id = $run_id;");
            Bind(update, "$stop_reason", stopReason);
            Bind(update, "$finished", FormatTime(DateTimeOffset.UtcNow));
            Bind(update, "$run_id", runId);
            return update.ExecuteNonQuery();
        });
        if (updated == 0)
        {
            throw new InvalidOperationException($"run '{runId}' is no longer in the trace store {FilePath}");
        }
    }

    private static bool Exists(SqliteConnection connection, string runId, SqliteTransaction? transaction)
    {
        using var command = TraceSchema.Command(connection, "SELECT 1 FROM runs WHERE run_id = $run_id;", transaction);
        Bind(command, "$run_id", runId);
        return command.ExecuteScalar() is not null;
    }

    private static bool Delete(SqliteConnection connection, string runId, SqliteTransaction transaction)
    {
        using var rows = TraceSchema.Command(connection, "DELETE FROM iterations WHERE run_id = $run_id;", transaction);
        Bind(rows, "$run_id", runId);
        rows.ExecuteNonQuery();
        using var run = TraceSchema.Command(connection, "DELETE FROM runs WHERE run_id = $run_id;", transaction);
        Bind(run, "$run_id", runId);
        return run.ExecuteNonQuery() > 0;
    }

    private static void BindRun(SqliteCommand command, RunInfo info, string? config, string? stopReason, DateTimeOffset? finished)
    {
        Bind(command, "$run_id", info.RunId);
        Bind(command, "$dataset", info.Dataset);
        Bind(command, "$loss", info.Loss);
        Bind(command, "$lambda", info.Lambda);
        Bind(command, "$algorithm", info.Algorithm);
        Bind(command, "$parameters", info.Parameters);
        Bind(command, "$engine", info.Engine);
        Bind(command, "$cluster", info.Cluster);
        Bind(command, "$machines", info.Machines);
        Bind(command, "$data_fraction", info.DataFraction);
        Bind(command, "$seed", info.Seed);
        Bind(command, "$optimal_primal", info.OptimalPrimal);
        Bind(command, "$started", FormatTime(info.Started));
        Bind(command, "$config", config);
        Bind(command, "$stop_reason", stopReason);
        Bind(command, "$finished", finished is { } time ? FormatTime(time) : null);
    }

    private static void BindRow(SqliteCommand command, string runId, TraceRow row)
    {
        Bind(command, "$run_id", runId);
        Bind(command, "$iteration", row.Iteration);
        Bind(command, "$wall_seconds", row.WallSeconds);
        Bind(command, "$simulated_seconds", row.SimulatedSeconds);
        Bind(command, "$compute_seconds", row.ComputeSeconds);
        Bind(command, "$bytes", row.Bytes);
        Bind(command, "$primal", row.Primal);
        Bind(command, "$dual", row.Dual);
        Bind(command, "$gap", row.Gap);
        Bind(command, "$subopt", row.Suboptimality);
        Bind(command, "$test_error", row.TestError);
    }

    /// <summary>Binds a value, with null and NaN (which SQLite cannot store) as NULL.</summary>
    private static void Bind(SqliteCommand command, string name, object? value)
    {
        var stored = value switch
        {
            null => DBNull.Value,
            double d when double.IsNaN(d) => DBNull.Value,
            _ => value,
        };
        command.Parameters.AddWithValue(name, stored);
    }

    private static RunInfo ReadRun(SqliteDataReader reader) => new(
        RunId: reader.GetString(0),
        Dataset: reader.GetString(1),
        Loss: reader.GetString(2),
        Lambda: reader.GetDouble(3),
        Algorithm: reader.GetString(4),
        Parameters: reader.GetString(5),
        Engine: reader.GetString(6),
        Cluster: reader.GetString(7),
        Machines: reader.GetInt32(8),
        DataFraction: reader.GetDouble(9),
        Seed: reader.GetInt32(10),
        OptimalPrimal: NullableDouble(reader, 11),
        Started: ParseTime(reader.GetString(12)));

    private static TraceRow ReadRow(SqliteDataReader reader, int first) => new(
        Iteration: reader.GetInt32(first),
        WallSeconds: NullableDouble(reader, first + 1) ?? double.NaN,
        SimulatedSeconds: NullableDouble(reader, first + 2),
        ComputeSeconds: NullableDouble(reader, first + 3) ?? double.NaN,
        Bytes: reader.GetInt64(first + 4),
        Primal: NullableDouble(reader, first + 5) ?? double.NaN,
        Dual: NullableDouble(reader, first + 6),
        Gap: NullableDouble(reader, first + 7),
        Suboptimality: NullableDouble(reader, first + 8),
        TestError: NullableDouble(reader, first + 9));

    private static double? NullableDouble(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Describe(SqliteException e) => e.Message.TrimEnd('.');

    /// <summary>Runs <paramref name="action"/> under the store's lock, turning SQLite failures into input errors.</summary>
    private T Locked<T>(Func<SqliteConnection, T> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return action(_connection);
            }
            catch (SqliteException e)
            {
                throw new HemingwayException($"{FilePath}: trace store error: {Describe(e)}", e);
            }
        }
    }
}
