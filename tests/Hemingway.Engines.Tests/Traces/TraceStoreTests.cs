using Hemingway.Core;
using Hemingway.Engines.Traces;
using Microsoft.Data.Sqlite;
using Xunit;
using static Hemingway.Engines.Tests.Traces.TraceTestData;

namespace Hemingway.Engines.Tests.Traces;

public sealed class TraceStoreTests : IDisposable
{
    private readonly TraceFolder _folder = new();

    private string StorePath => _folder.File("traces.db");

    [Fact]
    public void Runs_and_rows_round_trip_bit_for_bit_after_reopening()
    {
        var first = Run("a1") with { OptimalPrimal = null, Parameters = "H=\"1n_k\",beta=1" };
        var second = Run("b2", algorithm: "minibatch-sgd", machines: 16, engine: "inproc");
        var firstRows = Rows(7);
        var secondRows = Rows(3).Select(r => r with { SimulatedSeconds = null, Dual = null, Gap = null }).ToList();
        secondRows[2] = secondRows[2] with { Primal = double.PositiveInfinity, WallSeconds = double.MaxValue };
        secondRows[1] = secondRows[1] with { Primal = -0.0, ComputeSeconds = double.NegativeInfinity, Suboptimality = -0.0 };

        using (var store = TraceStore.Open(StorePath))
        {
            using (var writer = store.BeginRun(first, config: "cocoa|m=4"))
            {
                foreach (var row in firstRows)
                {
                    writer.Append(row);
                }

                writer.Finish("target_suboptimality");
            }

            using var other = store.BeginRun(second);
            foreach (var row in secondRows)
            {
                other.Append(row);
            }
        }

        using var reopened = TraceStore.Open(StorePath);
        Assert.Equal(first, reopened.FindRun("a1"));
        Assert.Equal(second, reopened.FindRun("b2"));
        Assert.Equal(first.Started, reopened.FindRun("a1")!.Started);
        Assert.Null(reopened.FindRun("a1")!.OptimalPrimal);
        Assert.Null(reopened.FindRun("nope"));
        AssertSameRows(firstRows, reopened.ReadRows("a1"));
        AssertSameRows(secondRows, reopened.ReadRows("b2"));
        Assert.Empty(reopened.ReadRows("nope"));

        var runs = reopened.ListRuns();
        Assert.Equal(["a1", "b2"], runs.Select(r => r.Info.RunId));
        Assert.Equal("cocoa|m=4", runs[0].Config);
        Assert.Equal("target_suboptimality", runs[0].StopReason);
        Assert.True(runs[0].IsComplete);
        Assert.NotNull(runs[0].Finished);
        Assert.Equal(7, runs[0].RowCount);
        Assert.Equal(6, runs[0].Iterations);
        AssertSameBits(firstRows[^1], runs[0].Last!);
        Assert.Null(runs[1].Config);
        Assert.Null(runs[1].StopReason);
        Assert.Null(runs[1].Finished);
        Assert.Equal(RunSummary.Incomplete, runs[1].Status);
        Assert.Equal(3, runs[1].RowCount);
    }

    [Fact]
    public void NaN_reads_back_as_NaN_in_required_fields_and_as_null_in_optional_ones()
    {
        var row = new TraceRow(1, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN, double.NaN, double.NaN);
        using var store = TraceStore.Open(StorePath);
        using (var writer = store.BeginRun(Run("nan")))
        {
            writer.Append(row);
        }

        var read = Assert.Single(store.ReadRows("nan"));
        Assert.True(double.IsNaN(read.WallSeconds));
        Assert.True(double.IsNaN(read.ComputeSeconds));
        Assert.True(double.IsNaN(read.Primal));
        Assert.Null(read.SimulatedSeconds);
        Assert.Null(read.Dual);
        Assert.Null(read.Gap);
        Assert.Null(read.Suboptimality);
    }

    [Fact]
    public void A_second_store_on_the_same_file_sees_every_appended_row_while_the_writer_is_open()
    {
        using var store = TraceStore.Open(StorePath);
        var writer = store.BeginRun(Run("live"), config: "live-config");
        var rows = Rows(12);
        for (var i = 0; i < rows.Count; i++)
        {
            writer.Append(rows[i]);

            // Each append is committed on its own: another connection sees it at once.
            using var reader = TraceStore.Open(StorePath);
            AssertSameRows([.. rows.Take(i + 1)], reader.ReadRows("live"));
            var summary = Assert.Single(reader.ListRuns());
            Assert.Equal(RunSummary.Incomplete, summary.Status);
            Assert.Equal(i + 1, summary.RowCount);
            Assert.Null(reader.FindCompletedRun("live-config"));
        }

        writer.Finish("iterations");
        using var after = TraceStore.Open(StorePath);
        Assert.Equal("live", after.FindCompletedRun("live-config"));
    }

    [Fact]
    public void The_files_on_disk_hold_every_appended_row_as_if_the_process_had_been_killed()
    {
        // What SIGKILL leaves behind is the database file and its write-ahead log as they are on disk, never closed
        // or checkpointed: copy exactly those while the writer is still open, and open the copy elsewhere.
        using var store = TraceStore.Open(StorePath);
        var writer = store.BeginRun(Run("killed"), config: "k");
        var rows = Rows(9);
        foreach (var row in rows)
        {
            writer.Append(row);
        }

        var crashed = _folder.File("crashed.db");
        Assert.True(new FileInfo(StorePath + "-wal").Length > 0, "the committed rows should be in the write-ahead log");
        File.Copy(StorePath, crashed);
        File.Copy(StorePath + "-wal", crashed + "-wal");

        using var recovered = TraceStore.Open(crashed);
        AssertSameRows(rows, recovered.ReadRows("killed"));
        var summary = Assert.Single(recovered.ListRuns());
        Assert.False(summary.IsComplete);
        Assert.Equal(["killed"], recovered.FindIncompleteRuns("k"));
        Assert.Null(recovered.FindCompletedRun("k"));
    }

    [Fact]
    public void A_writer_refuses_a_repeated_iteration_and_rows_after_finish()
    {
        using var store = TraceStore.Open(StorePath);
        using var writer = store.BeginRun(Run("w"));
        Assert.Equal("w", writer.RunId);
        writer.Append(Rows(1)[0]);
        var repeated = Assert.Throws<InvalidOperationException>(() => writer.Append(Rows(1)[0]));
        Assert.Contains("iteration 0", repeated.Message, StringComparison.Ordinal);
        writer.Finish("converged");
        Assert.Throws<InvalidOperationException>(() => writer.Append(Rows(2)[1]));
        Assert.Throws<InvalidOperationException>(() => writer.Finish("again"));
        Assert.Single(store.ReadRows("w"));
        Assert.Equal("converged", store.ListRuns().Single().StopReason);
    }

    [Fact]
    public void Beginning_a_run_whose_id_is_taken_is_an_input_error()
    {
        using var store = TraceStore.Open(StorePath);
        store.BeginRun(Run("dup")).Dispose();
        var error = Assert.Throws<HemingwayException>(() => store.BeginRun(Run("dup", algorithm: "sgd")));
        Assert.Contains("'dup'", error.Message, StringComparison.Ordinal);
        Assert.Contains(StorePath, error.Message, StringComparison.Ordinal);
        Assert.Equal("cocoa", store.FindRun("dup")!.Algorithm);
    }

    [Fact]
    public void ListRuns_filters_by_algorithm_dataset_engine_and_machines()
    {
        using var store = TraceStore.Open(StorePath);
        store.BeginRun(Run("r1", "cocoa", 4, "sim", "mnist:5")).Dispose();
        store.BeginRun(Run("r2", "cocoa", 8, "sim", "mnist:5")).Dispose();
        store.BeginRun(Run("r3", "cocoa+", 4, "inproc", "mnist:5")).Dispose();
        store.BeginRun(Run("r4", "cocoa", 4, "inproc", "heart_scale")).Dispose();

        string[] Ids(RunFilter filter) => [.. store.ListRuns(filter).Select(r => r.Info.RunId)];

        Assert.Equal(["r1", "r2", "r3", "r4"], Ids(RunFilter.All));
        Assert.Equal(["r1", "r2", "r4"], Ids(new RunFilter(Algorithm: "cocoa")));
        Assert.Equal(["r4"], Ids(new RunFilter(Dataset: "heart_scale")));
        Assert.Equal(["r3", "r4"], Ids(new RunFilter(Engine: "inproc")));
        Assert.Equal(["r1", "r3", "r4"], Ids(new RunFilter(Machines: 4)));
        Assert.Equal(["r1"], Ids(new RunFilter(Algorithm: "cocoa", Engine: "sim", Machines: 4)));
        Assert.Equal(["r3"], Ids(new RunFilter(RunId: "r3")));
        Assert.Empty(Ids(new RunFilter(Algorithm: "lbfgs")));
        Assert.All(store.ListRuns(), r => Assert.Null(r.Last));
    }

    [Fact]
    public void FindCompletedRun_only_finds_finished_runs_of_that_config_and_the_latest_of_several()
    {
        using var store = TraceStore.Open(StorePath);
        var baseline = Run("x");
        store.BeginRun(baseline with { RunId = "killed" }, config: "cfg").Dispose();
        store.BeginRun(baseline with { RunId = "unkeyed" }).Finish("iterations");
        Assert.Null(store.FindCompletedRun("cfg"));
        Assert.Equal(["killed"], store.FindIncompleteRuns("cfg"));

        // The sweep cleans the incomplete run and redoes it.
        Assert.True(store.DeleteRun("killed"));
        Assert.False(store.DeleteRun("killed"));
        Assert.Empty(store.FindIncompleteRuns("cfg"));
        using (var redo = store.BeginRun(baseline with { RunId = "redo" }, config: "cfg"))
        {
            redo.Append(Rows(1)[0]);
            redo.Finish("target_suboptimality");
        }

        using (var later = store.BeginRun(baseline with { RunId = "later", Started = baseline.Started.AddHours(1) }, config: "cfg"))
        {
            later.Finish("time_limit");
        }

        store.BeginRun(baseline with { RunId = "other" }, config: "cfg2").Finish("iterations");
        Assert.Equal("later", store.FindCompletedRun("cfg"));
        Assert.Equal("other", store.FindCompletedRun("cfg2"));
        Assert.Null(store.FindCompletedRun("cfg3"));
        Assert.Null(store.FindCompletedRun(""));
    }

    [Fact]
    public void DeleteRun_removes_the_run_and_its_rows_only()
    {
        using var store = TraceStore.Open(StorePath);
        foreach (var id in new[] { "keep", "drop" })
        {
            using var writer = store.BeginRun(Run(id));
            foreach (var row in Rows(4))
            {
                writer.Append(row);
            }
        }

        Assert.True(store.DeleteRun("drop"));
        Assert.Null(store.FindRun("drop"));
        Assert.Empty(store.ReadRows("drop"));
        Assert.Equal(4, store.ReadRows("keep").Count);

        // The id is free again.
        using var again = store.BeginRun(Run("drop"));
        again.Append(Rows(1)[0]);
        Assert.Single(store.ReadRows("drop"));
    }

    [Fact]
    public void Insert_stores_whole_runs_atomically_and_replaces_only_when_asked()
    {
        using var store = TraceStore.Open(StorePath);
        store.Insert([new RecordedRun(Run("i1"), Rows(3), TraceStore.ImportedStopReason)]);
        var clash = new RecordedRun[]
        {
            new(Run("i2"), Rows(2), TraceStore.ImportedStopReason),
            new(Run("i1", algorithm: "gd"), Rows(5), TraceStore.ImportedStopReason),
        };

        var error = Assert.Throws<HemingwayException>(() => store.Insert(clash));
        Assert.Contains("'i1'", error.Message, StringComparison.Ordinal);
        Assert.Null(store.FindRun("i2"));
        Assert.Equal(3, store.ReadRows("i1").Count);

        store.Insert(clash, replace: true);
        Assert.Equal("gd", store.FindRun("i1")!.Algorithm);
        Assert.Equal(5, store.ReadRows("i1").Count);
        Assert.Equal(2, store.ReadRows("i2").Count);
        Assert.All(store.ListRuns(), r => Assert.Equal(TraceStore.ImportedStopReason, r.StopReason));
    }

    [Fact]
    public void A_new_store_is_versioned_and_uses_the_write_ahead_log()
    {
        using (TraceStore.Open(StorePath))
        {
        }

        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        Assert.Equal(1L, Scalar(connection, "PRAGMA user_version;"));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(2L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'iterations');"));
    }

    [Fact]
    public void A_file_that_is_not_SQLite_is_an_input_error_naming_the_file()
    {
        var path = _folder.Write("garbage.db", "run_id,dataset\nthis is not a database, it is a CSV file that is long enough\n");
        var error = Assert.Throws<HemingwayException>(() => TraceStore.Open(path));
        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_damaged_store_is_an_input_error_naming_the_file()
    {
        using (var store = TraceStore.Open(StorePath))
        using (var writer = store.BeginRun(Run("d")))
        {
            writer.Append(Rows(1)[0]);
        }

        var bytes = File.ReadAllBytes(StorePath);
        Array.Fill(bytes, (byte)0xA5, 0, 100);
        File.WriteAllBytes(StorePath, bytes);

        var error = Assert.Throws<HemingwayException>(() => TraceStore.Open(StorePath));
        Assert.StartsWith(StorePath + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_SQLite_database_or_a_newer_schema_is_refused()
    {
        var other = _folder.File("other.db");
        using (TraceStore.Open(_folder.File("init.db")))
        {
            // Loads the native SQLite library for the raw connections below.
        }

        Execute(other, "CREATE TABLE customers (id INTEGER PRIMARY KEY);");
        var foreign = Assert.Throws<HemingwayException>(() => TraceStore.Open(other));
        Assert.Contains(other, foreign.Message, StringComparison.Ordinal);
        Assert.Contains("not a Hemingway trace store", foreign.Message, StringComparison.Ordinal);

        using (TraceStore.Open(StorePath))
        {
        }

        Execute(StorePath, "PRAGMA user_version = 99;");
        var newer = Assert.Throws<HemingwayException>(() => TraceStore.Open(StorePath));
        Assert.Contains(StorePath, newer.Message, StringComparison.Ordinal);
        Assert.Contains("99", newer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_not_a_store_and_a_missing_folder_is_created()
    {
        Assert.Throws<HemingwayException>(() => TraceStore.Open(_folder.Path));
        var nested = _folder.File(Path.Combine("a", "b", "traces.db"));
        using var store = TraceStore.Open(nested);
        Assert.Equal(nested, store.FilePath);
        Assert.True(File.Exists(nested));
    }

    [Fact]
    public void Writers_on_several_threads_each_keep_all_their_rows()
    {
        using var store = TraceStore.Open(StorePath);
        var rows = Rows(25);
        Parallel.For(0, 4, k =>
        {
            using var writer = store.BeginRun(Run($"t{k}", machines: k + 1));
            foreach (var row in rows)
            {
                writer.Append(row);
            }

            writer.Finish("iterations");
        });

        Assert.Equal(4, store.ListRuns().Count);
        for (var k = 0; k < 4; k++)
        {
            AssertSameRows(rows, store.ReadRows($"t{k}"));
        }
    }

    [Fact]
    public void A_disposed_store_cannot_be_used()
    {
        var store = TraceStore.Open(StorePath);
        var writer = store.BeginRun(Run("z"));
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.ListRuns());
        Assert.Throws<ObjectDisposedException>(() => writer.Append(Rows(1)[0]));
    }

    public void Dispose() => _folder.Dispose();

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
