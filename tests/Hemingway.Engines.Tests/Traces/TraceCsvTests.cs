using Hemingway.Core;
using Hemingway.Engines.Traces;
using Xunit;
using static Hemingway.Engines.Tests.Traces.TraceTestData;

namespace Hemingway.Engines.Tests.Traces;

public sealed class TraceCsvTests : IDisposable
{
    private const string Header =
        "run_id,dataset,loss,lambda,algorithm,parameters,engine,cluster,machines,data_fraction,seed,optimal_primal," +
        "iteration,wall_seconds,simulated_seconds,compute_seconds,bytes,primal,dual,gap,subopt,test_error";

    private readonly TraceFolder _folder = new();

    [Fact]
    public void Export_then_import_into_a_fresh_store_gives_the_same_runs_and_rows()
    {
        var runs = new (RunInfo Info, IReadOnlyList<TraceRow> Rows)[]
        {
            (Run("c1") with { Dataset = "data/with, comma \"and quotes\".svm", OptimalPrimal = null }, Rows(6)),
            (Run("c2", algorithm: "cocoa+", machines: 32, engine: "inproc") with { Parameters = "" }, Rows(4)),
            (Run("c3", algorithm: "local-sgd") with { Cluster = "spark,bandwidth=1e9" }, [.. Rows(3).Select(r => r with { WallSeconds = double.NaN, Primal = -0.0 })]),
        };
        using var original = TraceStore.Open(_folder.File("original.db"));
        foreach (var (info, rows) in runs)
        {
            using var writer = original.BeginRun(info);
            foreach (var row in rows)
            {
                writer.Append(row);
            }

            writer.Finish("iterations");
        }

        var csv = _folder.File("traces.csv");
        Assert.Equal(new TraceCounts(3, 13), TraceCsv.ExportFile(original, csv));
        Assert.Equal(Header, File.ReadLines(csv).First());
        Assert.Equal(14, File.ReadAllLines(csv).Length);

        using var copy = TraceStore.Open(_folder.File("copy.db"));
        Assert.Equal(new TraceCounts(3, 13), TraceCsv.Import(copy, csv));
        var imported = copy.ListRuns();
        Assert.Equal(["c1", "c2", "c3"], imported.Select(r => r.Info.RunId));
        foreach (var (info, rows) in runs)
        {
            var stored = copy.FindRun(info.RunId)!;
            Assert.Equal(info, stored with { Started = info.Started });
            AssertSameRows(rows, copy.ReadRows(info.RunId));
        }

        Assert.All(imported, r => Assert.Equal(TraceStore.ImportedStopReason, r.StopReason));

        // And the copy exports to the same text.
        var again = _folder.File("again.csv");
        TraceCsv.ExportFile(copy, again);
        Assert.Equal(File.ReadAllText(csv), File.ReadAllText(again));
    }

    [Fact]
    public void Export_writes_only_the_runs_that_match()
    {
        using var store = TraceStore.Open(_folder.File("s.db"));
        store.Insert(
        [
            new RecordedRun(Run("a", algorithm: "cocoa"), Rows(2), "iterations"),
            new RecordedRun(Run("b", algorithm: "gd"), Rows(3), "iterations"),
            new RecordedRun(Run("c", algorithm: "gd", machines: 2), Rows(1), "iterations"),
        ]);

        var writer = new StringWriter();
        Assert.Equal(new TraceCounts(2, 4), TraceCsv.Export(store, writer, new RunFilter(Algorithm: "gd")));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Matches("^[bc],", line));

        writer = new StringWriter();
        Assert.Equal(new TraceCounts(1, 1), TraceCsv.Export(store, writer, new RunFilter(RunId: "c")));
        Assert.Equal(2, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Import_takes_columns_in_any_order_quoted_fields_and_defaults()
    {
        const string csv = """
            primal,iteration,simulated_seconds,machines,algorithm,run_id,"lambda",loss,dataset,parameters,optimal_primal
            0.9,0,0,8,cocoa,spark-1,1e-4,hinge,"s3://bucket/rcv1,part","H=1000,beta=1",0.5
            0.6,1,1.25,8,cocoa,spark-1,1e-4,hinge,"s3://bucket/rcv1,part","H=1000,beta=1",0.5
            "0.55",2,2.5,8,cocoa,spark-1,1e-4,hinge,"s3://bucket/rcv1,part","H=1000,beta=1",0.5
            """;
        var runs = TraceCsv.Read(new StringReader(csv), "spark.csv", Started);

        var run = Assert.Single(runs);
        Assert.Equal(
            new RunInfo("spark-1", "s3://bucket/rcv1,part", "hinge", 1e-4, "cocoa", "H=1000,beta=1", "imported", "", 8, 1, 0, 0.5, Started),
            run.Info);
        Assert.Equal(TraceStore.ImportedStopReason, run.StopReason);
        Assert.Equal(3, run.Rows.Count);
        var last = run.Rows[2];
        Assert.Equal(2, last.Iteration);
        Assert.True(double.IsNaN(last.WallSeconds), "no wall_seconds column: the wall time is unknown (NaN)");
        Assert.Equal(2.5, last.SimulatedSeconds);
        Assert.Equal(0, last.ComputeSeconds);
        Assert.Equal(0, last.Bytes);
        Assert.Equal(0.55, last.Primal);
        Assert.Null(last.Dual);
        Assert.Null(last.Gap);
        Assert.Equal(0.55 - 0.5, last.Suboptimality);
    }

    [Fact]
    public void Import_reads_CRLF_embedded_line_breaks_doubled_quotes_and_empty_cells_as_null()
    {
        var csv = "run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal,dual,gap,subopt,parameters\r\n" +
            "r,d,logistic,0.01,gd,1,1,0.5,2,1.5,,,\"line one\r\nline \"\"two\"\"\"\r\n" +
            "\r\n" +
            "r,d,logistic,0.01,gd,1,0,0,3,,,0.25,\"line one\r\nline \"\"two\"\"\"\r\n";
        var run = Assert.Single(TraceCsv.Read(new StringReader(csv), "crlf.csv"));
        Assert.Equal("line one\r\nline \"two\"", run.Info.Parameters);
        Assert.Null(run.Info.OptimalPrimal);
        Assert.Equal([0, 1], run.Rows.Select(r => r.Iteration));
        Assert.Equal(new TraceRow(0, 0, null, 0, 0, 3, null, null, 0.25), run.Rows[0]);
        Assert.Equal(new TraceRow(1, 0.5, null, 0, 0, 2, 1.5, null, null), run.Rows[1]);
    }

    [Fact]
    public void Without_gap_or_subopt_columns_they_are_computed_from_the_dual_and_P_star()
    {
        const string csv = """
            run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal,dual,optimal_primal
            r,d,hinge,0.1,gd,1,0,0,3,,0.5
            r,d,hinge,0.1,gd,1,1,0.1,2,1.25,0.5
            """;
        var rows = Assert.Single(TraceCsv.Read(new StringReader(csv), "g.csv")).Rows;
        Assert.Equal(new TraceRow(0, 0, null, 0, 0, 3, null, null, 2.5), rows[0]);
        Assert.Equal(new TraceRow(1, 0.1, null, 0, 0, 2, 1.25, 0.75, 1.5), rows[1]);
    }

    [Fact]
    public void Import_into_a_store_counts_runs_and_rows_and_can_interleave_runs()
    {
        var csv = _folder.Write("two.csv", """
            run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal
            x,d,hinge,0.1,gd,2,0,0,1
            y,d,hinge,0.1,gd,4,0,0,1
            x,d,hinge,0.1,gd,2,1,0.5,0.8
            """);
        using var store = TraceStore.Open(_folder.File("s.db"));
        Assert.Equal(new TraceCounts(2, 3), TraceCsv.Import(store, csv));
        Assert.Equal(2, store.ReadRows("x").Count);
        Assert.Equal(4, store.FindRun("y")!.Machines);
    }

    [Theory]
    [InlineData("x,d,hinge,0.1,gd,2,0,0,abc", "bad.csv:3: column 'primal': value 'abc' is not a number")]
    [InlineData("x,d,hinge,0.1,gd,2,0,1e400x,1", "bad.csv:3: column 'wall_seconds': value '1e400x' is not a number")]
    [InlineData("x,d,hinge,0.1,gd,2.5,0,0,1", "bad.csv:3: column 'machines': value '2.5' is not a whole number")]
    [InlineData("x,d,hinge,0.1,gd,0,0,0,1", "bad.csv:3: column 'machines': value '0' must be ≥ 1")]
    [InlineData("x,d,hinge,-1,gd,2,0,0,1", "bad.csv:3: column 'lambda': value '-1' must be a finite number > 0")]
    [InlineData("x,d,hinge,0.1,gd,2,-1,0,1", "bad.csv:3: column 'iteration': value '-1' must be ≥ 0")]
    [InlineData("x,d,hinge,0.1,gd,2,0,0,", "bad.csv:3: column 'primal': empty value, but the column is required")]
    [InlineData(",d,hinge,0.1,gd,2,0,0,1", "bad.csv:3: column 'run_id': empty value, but the column is required")]
    [InlineData("x,d,hinge,0.1,gd,2,0,0", "bad.csv:3: 8 fields, but the header has 9 columns")]
    [InlineData("x,d,hinge,0.1,gd,2,0,,1", "bad.csv:3: columns 'wall_seconds' and 'simulated_seconds' are both empty; a row needs one of them")]
    [InlineData("x,d,squared,0.1,gd,2,0,0,1", "bad.csv:3: column 'loss': value 'squared' differs from line 2 of run 'x'")]
    [InlineData("x,d,hinge,0.1,gd,2,1,0,1", "bad.csv:3: column 'iteration': value '1' repeats line 2 of run 'x'")]
    [InlineData("x,\"d,hinge,0.1,gd,2,0,0,1", "bad.csv:3: a quoted field is not closed before the end of the file")]
    [InlineData("x,\"d\"x,hinge,0.1,gd,2,0,0,1", "bad.csv:3: text after the closing quote of a quoted field")]
    public void A_bad_row_is_one_line_naming_file_line_column_and_value(string badRow, string expected)
    {
        var path = _folder.Write("bad.csv", "run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal\n" +
            "x,d,hinge,0.1,gd,2,1,0,1\n" + badRow + "\n");
        using var store = TraceStore.Open(_folder.File("s.db"));
        var error = Assert.Throws<HemingwayException>(() => TraceCsv.Import(store, path));
        Assert.StartsWith(expected.Replace("bad.csv", path, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(store.ListRuns());
    }

    [Theory]
    [InlineData("run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds", "h.csv:1: required column 'primal' is missing from the header")]
    [InlineData("run_id,dataset,loss,lambda,algorithm,machines,iteration,primal", "h.csv:1: required column 'wall_seconds' or 'simulated_seconds' is missing")]
    [InlineData("run_id,dataset,loss,lambda,algorithm,machines,iteration,primal,wall_seconds,wal_seconds", "h.csv:1: unknown column 'wal_seconds'")]
    [InlineData("run_id,dataset,loss,lambda,algorithm,machines,iteration,primal,wall_seconds,Primal", "h.csv:1: column 'primal' appears twice")]
    [InlineData("", "h.csv: empty file")]
    public void A_bad_header_names_the_column(string header, string expected)
    {
        var error = Assert.Throws<HemingwayException>(() => TraceCsv.Read(new StringReader(header), "h.csv"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_id_already_in_the_store_is_refused_unless_replaced()
    {
        using var store = TraceStore.Open(_folder.File("s.db"));
        store.BeginRun(Run("old") with { Algorithm = "sdca" }).Dispose();
        var path = _folder.Write("dup.csv", """
            run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal
            new,d,hinge,0.1,gd,2,0,0,1
            old,d,hinge,0.1,gd,2,0,0,1
            old,d,hinge,0.1,gd,2,1,0.1,0.9
            """);

        var error = Assert.Throws<HemingwayException>(() => TraceCsv.Import(store, path));
        Assert.StartsWith($"{path}:3: column 'run_id': value 'old' is already in the trace store {store.FilePath}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--replace", error.Message, StringComparison.Ordinal);
        Assert.Null(store.FindRun("new"));
        Assert.Equal("sdca", store.FindRun("old")!.Algorithm);

        Assert.Equal(new TraceCounts(2, 3), TraceCsv.Import(store, path, replace: true));
        Assert.Equal("gd", store.FindRun("old")!.Algorithm);
        Assert.Equal(2, store.ReadRows("old").Count);
        Assert.NotNull(store.FindRun("new"));
    }

    [Fact]
    public void Importing_a_missing_file_is_an_input_error()
    {
        using var store = TraceStore.Open(_folder.File("s.db"));
        var missing = _folder.File("missing.csv");
        var error = Assert.Throws<HemingwayException>(() => TraceCsv.Import(store, missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whole_numbers_written_as_doubles_are_accepted()
    {
        const string csv = """
            run_id,dataset,loss,lambda,algorithm,machines,iteration,wall_seconds,primal,bytes,seed,data_fraction
            x,d,hinge,0.1,gd,8.0,3.0,0,1,1.5E9,-2,0.25
            """;
        var run = Assert.Single(TraceCsv.Read(new StringReader(csv), "n.csv"));
        Assert.Equal(8, run.Info.Machines);
        Assert.Equal(-2, run.Info.Seed);
        Assert.Equal(0.25, run.Info.DataFraction);
        Assert.Equal(3, run.Rows[0].Iteration);
        Assert.Equal(1_500_000_000L, run.Rows[0].Bytes);
    }

    public void Dispose() => _folder.Dispose();
}
