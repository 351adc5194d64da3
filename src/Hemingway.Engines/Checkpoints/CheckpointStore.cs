using System.Globalization;
using Hemingway.Core;
using Hemingway.Engines.Traces;
using Microsoft.Data.Sqlite;

namespace Hemingway.Engines.Checkpoints;

/// <summary>
/// The checkpoints of the runs in a trace store, kept in the same SQLite file in tables of their own (created when
/// missing): <c>checkpoints</c>, the latest checkpoint of each run, and <c>resumed_runs</c>, which run a resumed run
/// continued. Like trace rows, each save is one committed transaction (WAL journal), so a process killed at any moment
/// leaves the previous checkpoint or the new one, never a torn one. A run deleted from the trace store takes its
/// checkpoint and its origin with it. Thread-safe; SQLite failures surface as <see cref="HemingwayException"/>s naming
/// the file.
/// </summary>
public sealed class CheckpointStore : IDisposable
{
    // The state is a BLOB; the setup is JSON text. Both rows reference the run, so deleting it deletes them.
    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS checkpoints (
            run_id      TEXT    NOT NULL PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
            iteration   INTEGER NOT NULL,
            machines    INTEGER NOT NULL,
            saved       TEXT    NOT NULL,
            setup       TEXT    NOT NULL,
            state       BLOB    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS resumed_runs (
            run_id        TEXT    NOT NULL PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
            resumed_from  TEXT    NOT NULL,
            iteration     INTEGER NOT NULL
        );
        """;

    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

    private CheckpointStore(SqliteConnection connection, string filePath)
    {
        _connection = connection;
        FilePath = filePath;
    }

    /// <summary>The store's file (that of its trace store).</summary>
    public string FilePath { get; }

    /// <summary>Opens the checkpoints of <paramref name="traces"/>'s file, creating their tables when missing.</summary>
    /// <exception cref="HemingwayException">The file cannot be written.</exception>
    public static CheckpointStore Open(TraceStore traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        SQLitePCL.Batteries.Init();
        var settings = new SqliteConnectionStringBuilder
        {
            DataSource = traces.FilePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        var connection = new SqliteConnection(settings.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");
            Execute(connection, CreateTables);
            return new CheckpointStore(connection, traces.FilePath);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new HemingwayException($"{traces.FilePath}: cannot keep checkpoints: {e.Message.TrimEnd('.')}", e);
        }
    }

    /// <summary>Replaces the run's checkpoint by <paramref name="checkpoint"/>, in one committed transaction.</summary>
    /// <exception cref="HemingwayException">The run is not in the trace store, or SQLite failed.</exception>
    public void Save(string runId, RunCheckpoint checkpoint, RunSetup setup)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(setup);
        var state = checkpoint.Serialize();
        var json = setup.ToJson();
        Locked(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var insert = Command(connection, """
                INSERT OR REPLACE INTO checkpoints (run_id, iteration, machines, saved, setup, state)
                VALUES ($run_id, $iteration, $machines, $saved, $setup, $state);
                """, transaction);
            insert.Parameters.AddWithValue("$run_id", runId);
            insert.Parameters.AddWithValue("$iteration", checkpoint.Iteration);
            insert.Parameters.AddWithValue("$machines", checkpoint.Machines);
            insert.Parameters.AddWithValue("$saved", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$setup", json);
            insert.Parameters.AddWithValue("$state", state);
            insert.ExecuteNonQuery();
            transaction.Commit();
            return 0;
        });
    }

    /// <summary>The run's latest checkpoint, or null when it has none.</summary>
    /// <exception cref="HemingwayException">The stored checkpoint is damaged, or SQLite failed.</exception>
    public StoredCheckpoint? Latest(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var found = Locked(connection =>
        {
            using var command = Command(connection, "SELECT saved, setup, state FROM checkpoints WHERE run_id = $run_id;");
            command.Parameters.AddWithValue("$run_id", runId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (Saved: reader.GetString(0), Setup: reader.GetString(1), State: (byte[])reader.GetValue(2)) : default;
        });
        if (found.State is null)
        {
            return null;
        }

        try
        {
            return new StoredCheckpoint(
                runId,
                DateTimeOffset.Parse(found.Saved, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                RunSetup.FromJson(found.Setup),
                RunCheckpoint.Deserialize(found.State));
        }
        catch (HemingwayException e)
        {
            throw new HemingwayException($"{FilePath}: run '{runId}': {e.Message}", e);
        }
    }

    /// <summary>Records that <paramref name="runId"/> continues <paramref name="resumedFrom"/> from its checkpoint at <paramref name="iteration"/>.</summary>
    public void RecordResume(string runId, string resumedFrom, int iteration)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(resumedFrom);
        Locked(connection =>
        {
            using var insert = Command(
                connection, "INSERT OR REPLACE INTO resumed_runs (run_id, resumed_from, iteration) VALUES ($run_id, $from, $iteration);");
            insert.Parameters.AddWithValue("$run_id", runId);
            insert.Parameters.AddWithValue("$from", resumedFrom);
            insert.Parameters.AddWithValue("$iteration", iteration);
            insert.ExecuteNonQuery();
            return 0;
        });
    }

    /// <summary>Which run <paramref name="runId"/> continued, or null when it started from scratch.</summary>
    public ResumeOrigin? FindOrigin(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Locked(connection =>
        {
            using var command = Command(connection, "SELECT resumed_from, iteration FROM resumed_runs WHERE run_id = $run_id;");
            command.Parameters.AddWithValue("$run_id", runId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new ResumeOrigin(runId, reader.GetString(0), reader.GetInt32(1)) : null;
        });
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        TraceSchema.Command(connection, sql, transaction);

    private static void Execute(SqliteConnection connection, string sql) => TraceSchema.Execute(connection, sql);

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
                throw new HemingwayException($"{FilePath}: checkpoint store error: {e.Message.TrimEnd('.')}", e);
            }
        }
    }
}
