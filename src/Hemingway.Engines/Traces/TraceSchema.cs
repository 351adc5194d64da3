using Hemingway.Core;
using Microsoft.Data.Sqlite;

namespace Hemingway.Engines.Traces;

/// <summary>
/// The trace store's tables, created when a store is first opened, and the connection settings every store uses.
/// The schema version lives in SQLite's <c>user_version</c> pragma: 0 is a new file, <see cref="Version"/> is this
/// schema, anything higher was written by a newer Hemingway and is refused rather than misread. A nullable column added
/// later (<see cref="AddedColumns"/>) does not change the version: a store that lacks it gets it when opened, and an
/// older Hemingway, which names the columns it reads and writes, still works with a store that has it.
/// </summary>
internal static class TraceSchema
{
    /// <summary>The version of the tables below.</summary>
    public const int Version = 1;

    /// <summary>The columns of <c>iterations</c> added after version 1 was first released, with their declarations.</summary>
    public static IReadOnlyList<(string Name, string Declaration)> AddedColumns { get; } = [("test_error", "test_error")];

    /// <summary>How long a statement waits for another process's write lock before it fails.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    // Doubles are declared without a type: a REAL column stores a whole-valued double as an integer and so turns −0.0
    // into 0, while a column without affinity keeps the 8 bytes it is given. Doubles that may be NaN (primal, wall
    // seconds, compute seconds) are nullable: SQLite cannot store NaN, so the store writes NULL and reads NULL back as
    // NaN. WITHOUT ROWID keeps the iterations clustered by run and iteration.
    private const string CreateTables = """
        CREATE TABLE runs (
            run_id          TEXT    NOT NULL PRIMARY KEY,
            dataset         TEXT    NOT NULL,
            loss            TEXT    NOT NULL,
            lambda                  NOT NULL,
            algorithm       TEXT    NOT NULL,
            parameters      TEXT    NOT NULL,
            engine          TEXT    NOT NULL,
            cluster         TEXT    NOT NULL,
            machines        INTEGER NOT NULL,
            data_fraction           NOT NULL,
            seed            INTEGER NOT NULL,
            optimal_primal,
            started         TEXT    NOT NULL,
            config          TEXT,
            stop_reason     TEXT,
            finished        TEXT
        );
        CREATE INDEX runs_by_config ON runs (config) WHERE config IS NOT NULL;
        CREATE TABLE iterations (
            run_id            TEXT    NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            iteration         INTEGER NOT NULL,
            wall_seconds,
            simulated_seconds,
            compute_seconds,
            bytes             INTEGER NOT NULL,
            primal,
            dual,
            gap,
            subopt,
            test_error,
            PRIMARY KEY (run_id, iteration)
        ) WITHOUT ROWID;
        """;

    /// <summary>
    /// Sets the connection up (WAL journal, NORMAL synchronous, busy timeout) and creates the tables in a new file.
    /// </summary>
    /// <exception cref="HemingwayException">The file holds another database, or a newer schema.</exception>
    /// <exception cref="SqliteException">The file is not an SQLite database, or is damaged.</exception>
    public static void Initialize(SqliteConnection connection, string path)
    {
        Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");

        // WAL: a committed transaction is in the -wal file as soon as COMMIT returns, so a killed process loses
        // nothing it committed; readers in other processes never block the writer. NORMAL synchronous only risks the
        // last commits on a power cut, not on a process kill.
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "PRAGMA synchronous = NORMAL;");

        if (UserVersion(connection) == Version && MissingColumns(connection).Count == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        var version = UserVersion(connection, transaction);
        if (version > Version)
        {
            throw new HemingwayException(
                $"{path}: trace store schema version {version} is newer than this Hemingway's ({Version}); update Hemingway");
        }

        if (version == 0)
        {
            using var count = Command(connection, "SELECT COUNT(*) FROM sqlite_master;", transaction);
            if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                throw new HemingwayException($"{path}: an SQLite database but not a Hemingway trace store (it has other tables)");
            }

            using var create = Command(connection, CreateTables, transaction);
            create.ExecuteNonQuery();
            using var stamp = Command(connection, $"PRAGMA user_version = {Version};", transaction);
            stamp.ExecuteNonQuery();
        }
        else
        {
            // Checked again inside the write transaction: another process may have added them since.
            foreach (var (_, declaration) in MissingColumns(connection, transaction))
            {
                using var add = Command(connection, $"ALTER TABLE iterations ADD COLUMN {declaration};", transaction);
                add.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>A command on <paramref name="connection"/>, inside <paramref name="transaction"/> when one is open.</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Runs one statement on <paramref name="connection"/>.</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    /// <summary>The <see cref="AddedColumns"/> that the <c>iterations</c> table lacks.</summary>
    private static List<(string Name, string Declaration)> MissingColumns(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = Command(connection, "SELECT name FROM pragma_table_info('iterations');", transaction);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        return [.. AddedColumns.Where(column => !present.Contains(column.Name))];
    }

    private static long UserVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = Command(connection, "PRAGMA user_version;", transaction);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
