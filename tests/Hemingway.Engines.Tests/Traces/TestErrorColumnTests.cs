using Hemingway.Engines.Traces;
using Microsoft.Data.Sqlite;
using Xunit;
using static Hemingway.Engines.Tests.Traces.TraceTestData;

namespace Hemingway.Engines.Tests.Traces;

/// <summary>The test_error column: through the store, through CSV, and in a store written before the column existed.</summary>
public sealed class TestErrorColumnTests : IDisposable
{
    // The iterations table as the first release of schema version 1 created it, before test_error.
    private const string VersionOneTables = """
        CREATE TABLE runs (
            run_id TEXT NOT NULL PRIMARY KEY, dataset TEXT NOT NULL, loss TEXT NOT NULL, lambda NOT NULL,
            algorithm TEXT NOT NULL, parameters TEXT NOT NULL, engine TEXT NOT NULL, cluster TEXT NOT NULL,
            machines INTEGER NOT NULL, data_fraction NOT NULL, seed INTEGER NOT NULL, optimal_primal,
            started TEXT NOT NULL, config TEXT, stop_reason TEXT, finished TEXT);
        CREATE INDEX runs_by_config ON runs (config) WHERE config IS NOT NULL;
        CREATE TABLE iterations (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE, iteration INTEGER NOT NULL,
            wall_seconds, simulated_seconds, compute_seconds, bytes INTEGER NOT NULL, primal, dual, gap, subopt,
            PRIMARY KEY (run_id, iteration)) WITHOUT ROWID;
        INSERT INTO runs VALUES ('old', 'mnist:5', 'hinge', 0.001, 'cocoa', 'H=1n_k,beta=1', 'sim', 'spark', 4, 1.0, 0,
            0.25, '2024-05-17T07:30:12.0000000+00:00', NULL, 'iteration_limit', '2024-05-17T07:31:00.0000000+00:00');
        INSERT INTO iterations VALUES ('old', 0, 0.0, 0.0, 0.0, 0, 1.0, 0.0, 1.0, 0.75);
        INSERT INTO iterations VALUES ('old', 1, 0.5, 0.25, 0.25, 64, 0.5, 0.125, 0.375, 0.25);
        PRAGMA user_version = 1;
        """;

    private readonly TraceFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Test_errors_round_trip_through_the_store_bit_for_bit()
    {
        var rows = WithTestErrors(Rows(6));
        using var store = TraceStore.Open(_folder.File("traces.db"));
        using (var writer = store.BeginRun(Run("t")))
        {
            foreach (var row in rows)
            {
                writer.Append(row);
            }
        }

        var read = store.ReadRows("t");
        AssertSameRows(rows, read);
        for (var i = 0; i < rows.Count; i++)
        {
            AssertSameBits(rows[i].TestError, read[i].TestError, "test_error", i);
        }

        AssertSameBits(rows[^1].TestError, store.ListRuns().Single().Last!.TestError, "test_error", rows.Count - 1);
    }

    [Fact]
    public void Test_errors_round_trip_through_CSV_and_the_column_is_optional_on_import()
    {
        var rows = WithTestErrors(Rows(5));
        using var store = TraceStore.Open(_folder.File("traces.db"));
        store.Insert([new RecordedRun(Run("c"), rows, "iteration_limit")]);
        var csv = _folder.File("traces.csv");
        TraceCsv.ExportFile(store, csv);
        var header = File.ReadLines(csv).First().Split(',');
        Assert.Equal("test_error", header[^1]);

        using var copy = TraceStore.Open(_folder.File("copy.db"));
        TraceCsv.Import(copy, csv);
        var read = copy.ReadRows("c");
        for (var i = 0; i < rows.Count; i++)
        {
            AssertSameBits(rows[i].TestError, read[i].TestError, "test_error", i);
        }

        var without = TraceCsv.Read(new StringReader("run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal\nr,d,hinge,0.1,gd,2,0,0,3\n"), "without.csv");
        Assert.Null(without.Single().Rows.Single().TestError);
        var empty = TraceCsv.Read(new StringReader("run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal,test_error\nr,d,hinge,0.1,gd,2,0,0,3,\n"), "empty.csv");
        Assert.Null(empty.Single().Rows.Single().TestError);
        var negative = Assert.Throws<Hemingway.Core.HemingwayException>(() => TraceCsv.Read(
            new StringReader("run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal,test_error\nr,d,hinge,0.1,gd,2,0,0,3,-0.5\n"), "negative.csv"));
        Assert.Equal("negative.csv:2: column 'test_error': value '-0.5' must be ≥ 0", negative.Message);
    }

    [Fact]
    public void A_store_written_before_the_column_opens_keeps_its_rows_and_gains_the_column()
    {
        var path = _folder.File("old.db");
        SQLitePCL.Batteries.Init();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = VersionOneTables;
            create.ExecuteNonQuery();
        }

        using (var store = TraceStore.Open(path))
        {
            var old = store.ReadRows("old");
            Assert.Equal([0, 1], old.Select(r => r.Iteration));
            Assert.Equal(0.375, old[1].Gap);
            Assert.Equal(0.25, old[1].Suboptimality);
            Assert.All(old, r => Assert.Null(r.TestError));
            Assert.Null(store.ListRuns().Single().Last!.TestError);

            using var writer = store.BeginRun(Run("new"));
            writer.Append(Rows(1)[0] with { TestError = 0.125 });
        }

        using (var reopened = TraceStore.Open(path))
        {
            Assert.Equal(0.125, reopened.ReadRows("new").Single().TestError);
        }

        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var columns = check.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('iterations') WHERE name = 'test_error';";
        Assert.Equal(1L, columns.ExecuteScalar());
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(1L, version.ExecuteScalar());
    }

    /// <summary>The rows with awkward test errors: none at the start, zero, and doubles that do not print short.</summary>
    private static List<TraceRow> WithTestErrors(IReadOnlyList<TraceRow> rows) =>
        [.. rows.Select((row, i) => row with { TestError = i == 0 ? null : i == 1 ? 0.0 : 1.0 / (3 * i) })];
}
