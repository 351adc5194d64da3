using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Hemingway.Core;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Mpi;

namespace Hemingway.Cli.Runs;

/// <summary>
/// <c>run --resume RUN_ID</c>: the settings of the run to continue, taken from the store (the run's record and its
/// checkpoint's setup). Options that would change what the run computes (data, problem, algorithm and its parameters,
/// engine, cluster, seed) may be repeated only with the stored value; --machines, the stopping options, --test-data and
/// how mpirun is started may change.
/// </summary>
internal static class RunResumption
{
    /// <summary>The resumed run's settings, algorithm, machines (the checkpoint's unless --machines is given) and checkpoint.</summary>
    /// <exception cref="HemingwayException">No such run, no checkpoint, a run of sdca, or an option that conflicts with the stored run.</exception>
    public static (TrainingSettings Settings, string Algorithm, int Machines, ResumePoint Resume) Resolve(ParseResult parsed, string runId)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var storePath = Path.GetFullPath(parsed.GetValue<string>("--store")!);
        if (!File.Exists(storePath))
        {
            throw new HemingwayException($"--resume {runId}: there is no trace store at {storePath} (give the run's --store)");
        }

        RunInfo info;
        StoredCheckpoint stored;
        using (var store = TraceStore.Open(storePath))
        {
            info = store.FindRun(runId)
                ?? throw new HemingwayException($"--resume {runId}: {storePath} has no run '{runId}' (hemingway traces list shows the runs)");
            if (info.Algorithm == "sdca")
            {
                throw new HemingwayException(
                    $"--resume {runId}: the run is sdca, which saves no checkpoints; cocoa with --machines 1 runs the same method and does");
            }

            using var checkpoints = CheckpointStore.Open(store);
            stored = checkpoints.Latest(runId)
                ?? throw new HemingwayException(
                    $"--resume {runId}: the run has no checkpoint (it ran with --checkpoint-every 0, stopped before its first one, " +
                    "or was recorded elsewhere)");
        }

        var setup = stored.Setup;
        var given = Explicit(parsed);
        CheckUnchanged(parsed, given, runId, info, setup);

        var stop = setup.Stop with
        {
            MaxIterations = given.Contains("--iterations") ? parsed.GetValue<int>("--iterations") : setup.Stop.MaxIterations,
            TargetSuboptimality = given.Contains("--target-subopt") ? parsed.GetValue<double?>("--target-subopt") : setup.Stop.TargetSuboptimality,
            TargetRelativeGap = given.Contains("--target-gap") ? parsed.GetValue<double?>("--target-gap") : setup.Stop.TargetRelativeGap,
            TimeLimit = given.Contains("--time-limit") && parsed.GetValue<double?>("--time-limit") is { } limit
                ? TimeSpan.FromSeconds(limit)
                : setup.Stop.TimeLimit,
        };
        stop.Validate();
        var withOptimum = !parsed.GetValue<bool>("--no-optimum");
        if (stop.TargetSuboptimality is { } target && !withOptimum)
        {
            throw new HemingwayException(
                $"--resume {runId}: the run stops at sub-optimality {Text(target)}, which needs P*; drop --no-optimum or give --iterations");
        }

        var testData = given.Contains("--test-data") ? parsed.GetValue<string?>("--test-data") : setup.TestData;
        if (testData is not null && info.Engine == "mpi")
        {
            throw new HemingwayException("--test-data is not supported with --engine mpi (the ranks hold only their shards); use --engine inproc or sim");
        }

        var machines = given.Contains("--machines") ? parsed.GetValue<int>("--machines") : stored.Checkpoint.Machines;
        var settings = new TrainingSettings(
            info.Dataset,
            setup.LoadOptions,
            info.DataFraction,
            info.Loss,
            info.Lambda,
            stop,
            info.Seed,
            info.Engine,
            info.Cluster,
            setup.Compute,
            setup.Settings,
            Shrinking: true,
            withOptimum,
            storePath,
            info.Engine == "mpi" ? MpiOptions(parsed) : null,
            testData);
        return (settings, info.Algorithm, machines, new ResumePoint(runId, stored));
    }

    /// <summary>Refuses to resume on data that is not what the run trained on (the file changed since the checkpoint).</summary>
    /// <exception cref="HemingwayException">The fingerprints differ.</exception>
    public static void CheckSameData(ResumePoint resume, LoadedProblem loaded, string dataSpec)
    {
        ArgumentNullException.ThrowIfNull(resume);
        ArgumentNullException.ThrowIfNull(loaded);
        var now = Core.Data.DatasetFingerprint.Compute(loaded.Problem.Data);
        var then = resume.Stored.Setup.DataFingerprint;
        if (now != then)
        {
            throw new HemingwayException(
                $"--resume {resume.RunId}: the data changed since the checkpoint: {dataSpec} now reads as {loaded.Problem.Rows} rows × " +
                $"{loaded.Problem.Dimension} features with fingerprint {now}, the run trained on fingerprint {then}");
        }
    }

    /// <summary>The options given on the command line, as opposed to their defaults.</summary>
    private static HashSet<string> Explicit(ParseResult parsed) =>
        [.. parsed.CommandResult.Children.OfType<OptionResult>().Where(r => !r.Implicit).Select(r => r.Option.Name)];

    private static void CheckUnchanged(ParseResult parsed, HashSet<string> given, string runId, RunInfo info, RunSetup setup)
    {
        var clusterGiven = given.Contains("--cluster") ? parsed.GetValue<string>("--cluster")! : null;
        (string Option, object? Given, object? Stored)[] fixedOptions =
        [
            ("--data", parsed.GetValue<string>("--data"), info.Dataset),
            ("--features", parsed.GetValue<int?>("--features"), setup.LoadOptions.Features),
            ("--positive-class", parsed.GetValue<double?>("--positive-class"), setup.LoadOptions.PositiveClass),
            ("--label-column", parsed.GetValue<string?>("--label-column"), setup.LoadOptions.LabelColumn),
            ("--fraction", parsed.GetValue<double>("--fraction"), info.DataFraction),
            ("--loss", parsed.GetValue<string>("--loss"), info.Loss),
            ("--lambda", parsed.GetValue<double>("--lambda"), info.Lambda),
            ("--algorithm", parsed.GetValue<string>("--algorithm"), info.Algorithm),
            ("--seed", parsed.GetValue<int>("--seed"), info.Seed),
            ("--engine", parsed.GetValue<string>("--engine"), info.Engine),
            ("--cluster", clusterGiven is null || info.Engine != "sim" ? clusterGiven : ClusterSpec.Parse(clusterGiven).ToString(), info.Cluster),
            ("--compute", parsed.GetValue<string>("--compute"), setup.Compute),
            ("--local-iter-frac", parsed.GetValue<double>("--local-iter-frac"), setup.Settings.LocalIterationFraction),
            ("--beta", parsed.GetValue<double>("--beta"), setup.Settings.Beta),
            ("--gamma", parsed.GetValue<double>("--gamma"), setup.Settings.Gamma),
            ("--history", parsed.GetValue<int>("--history"), setup.Settings.History),
        ];
        foreach (var (option, value, kept) in fixedOptions)
        {
            if (given.Contains(option) && !Equals(value, kept))
            {
                throw new HemingwayException(
                    $"--resume {runId}: {option} {Text(value)} conflicts with the run, which has {(kept is null or "" ? "none" : Text(kept))}; a resumed " +
                    "run keeps its data, problem, algorithm, engine and seed (only --machines, the stopping options, --test-data and the mpi options may change)");
            }
        }
    }

    /// <summary>How to start mpirun, from the mpi options as given (or their defaults), checked now.</summary>
    private static MpiLaunchOptions MpiOptions(ParseResult parsed)
    {
        var options = new MpiLaunchOptions(
            parsed.GetValue<string>("--transport")!,
            parsed.GetValue<string?>("--hostfile"),
            parsed.GetValue<string?>("--mpirun"),
            parsed.GetValue<double>("--mpi-timeout"));
        _ = new MpiLauncher(options).Check();
        return options;
    }

    private static string Text(object? value) => value switch
    {
        null => "none",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
