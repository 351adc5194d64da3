using Hemingway.Engines.Traces;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// Bad input to the distributed runs (<c>run</c> with an algorithm, machines, engine or cluster, and <c>sweep</c>):
/// exit code 2 and one line on stderr naming the problem, never a stack trace, and no run recorded in the store.
/// Every command gets a private store and cache in a temp folder, and <c>--no-optimum</c>, so nothing shared is touched.
/// </summary>
public sealed class DistributedBadInputTests : IDisposable
{
    /// <summary>Ten rows (five of each label) over three features.</summary>
    private const string TenRows = """
        1 1:0.1 2:1
        -1 1:1 3:0.1
        1 1:0.2 2:1
        -1 1:1 3:0.2
        1 1:0.3 2:1
        -1 1:1 3:0.3
        1 1:0.4 2:1
        -1 1:1 3:0.4
        1 1:0.5 2:1
        -1 1:1 3:0.5

        """;

    private readonly TempFolder _folder = new();

    /// <summary>
    /// Arguments after <c>--data {ten} --store {store} --no-optimum</c> (the first word is the command), and the
    /// fragments (separated by |) the error line must contain.
    /// </summary>
    public static TheoryData<string, string> BadArguments => new()
    {
        { "run --algorithm hogwild", "hogwild" },
        { "run --algorithm cocoa --machines 0", "between 1 and the number of rows (10)|0" },
        { "run --algorithm cocoa --machines 11", "between 1 and the number of rows (10)|11" },
        { "run --algorithm cocoa+ --engine sim --machines 11", "between 1 and the number of rows (10)|11" },
        { "run --algorithm lbfgs --loss hinge", "lbfgs|smooth loss" },
        { "run --algorithm gd --loss hinge", "gd|smooth loss" },
        { "run --algorithm cocoa --machines 2 --lambda 0", "lambda|0" },
        { "run --algorithm cocoa --machines 2 --lambda -1", "lambda|-1" },
        { "run --algorithm sdca --machines 2", "sdca" },
        { "run --algorithm cocoa --machines 2 --engine sim --cluster bogus", "bogus" },
        { "run --algorithm cocoa --machines 2 --engine sim --cluster spark,latency=abc", "latency|abc" },
        { "run --algorithm cocoa --fraction 0", "--fraction|0" },
        { "run --algorithm cocoa --fraction 1.5", "--fraction|1.5" },
        { "sweep --algorithms cocoa --machines 1,x --iterations 2", "--machines|'x'" },
        { "sweep --algorithms cocoa,hogwild --machines 1 --iterations 2", "--algorithms|hogwild" },
        { "sweep --algorithms cocoa --machines 1 --fraction 0 --iterations 2", "--fraction|0" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task A_bad_distributed_argument_is_one_error_naming_it_and_records_no_run(string arguments, string fragments)
    {
        var store = _folder.File("traces.db");
        var words = arguments.Split(' ');
        string[] args = [words[0], "--data", _folder.Write("ten.svm", TenRows), "--store", store, "--no-optimum", .. words[1..]];

        var result = await CliProcess.RunAsync(args, CliAssert.PrivateCache(_folder.File("cache")));

        CliAssert.BadInput(result, fragments.Split('|'));
        AssertNoRuns(store, result);
    }

    [Fact]
    public async Task An_unknown_cluster_preset_names_the_known_ones()
    {
        var result = await CliProcess.RunAsync(
            ["run", "--data", _folder.Write("ten.svm", TenRows), "--store", _folder.File("traces.db"), "--no-optimum",
             "--algorithm", "cocoa", "--engine", "sim", "--cluster", "bogus"],
            CliAssert.PrivateCache(_folder.File("cache")));

        CliAssert.BadInput(result, "'bogus'", "spark", "mpi-10g", "ideal");
    }

    /// <summary>
    /// <c>--target-gap</c> with an algorithm that keeps no dual is bad input known before the run starts, so it must not
    /// leave a run in the store: an incomplete run with no rows looks like a killed one, and a sweep would delete it.
    /// </summary>
    [Theory]
    [InlineData("minibatch-sgd")]
    [InlineData("local-sgd")]
    public async Task A_target_gap_without_a_dual_is_one_error_and_records_no_run(string algorithm)
    {
        var store = _folder.File("traces.db");
        var result = await CliProcess.RunAsync(
            ["run", "--data", _folder.Write("ten.svm", TenRows), "--store", store, "--no-optimum",
             "--algorithm", algorithm, "--machines", "2", "--target-gap", "0.01"],
            CliAssert.PrivateCache(_folder.File("cache")));

        CliAssert.BadInput(result, algorithm, "no duality gap");
        AssertNoRuns(store, result);
    }

    /// <summary>
    /// A sweep whose grid has a cell that cannot run (m = 11 on ten rows) is bad input that is known before anything
    /// runs, so it must be rejected before the valid cells run: otherwise the user waits for every earlier cell
    /// (hours on a real grid) only to get exit code 2 and no results table.
    /// </summary>
    [Fact]
    public async Task A_sweep_with_too_many_machines_for_the_rows_is_rejected_before_any_cell_runs()
    {
        var store = _folder.File("traces.db");
        var result = await CliProcess.RunAsync(
            ["sweep", "--data", _folder.Write("ten.svm", TenRows), "--store", store, "--no-optimum",
             "--algorithms", "cocoa", "--machines", "1,11", "--iterations", "2"],
            CliAssert.PrivateCache(_folder.File("cache")));

        CliAssert.BadInput(result, "between 1 and the number of rows (10)", "11");
        AssertNoRuns(store, result);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Rejected input runs nothing: the store is absent, or holds no run.</summary>
    private static void AssertNoRuns(string store, CliResult result)
    {
        if (!File.Exists(store))
        {
            return;
        }

        using var opened = TraceStore.Open(store);
        var runs = opened.ListRuns();
        Assert.True(
            runs.Count == 0,
            $"bad input recorded {runs.Count} run(s) in the store: {string.Join(", ", runs.Select(r => $"{r.Info.Algorithm} m={r.Info.Machines} ({r.Status})"))}\n{result}");
    }
}
