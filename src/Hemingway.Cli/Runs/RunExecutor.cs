using System.Text.Json;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Algorithms.Sdca;
using Hemingway.Cli.Commands;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Engines;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Mpi;

namespace Hemingway.Cli.Runs;

/// <summary>
/// Runs one algorithm on m machines on the chosen engine and writes every iteration into the trace store as it completes,
/// so an interrupted run keeps what it did. With <see cref="CheckpointEvery"/> a distributed run also saves checkpoints
/// into the store, and given a <see cref="ResumePoint"/> it continues one as a new run.
/// </summary>
internal sealed class RunExecutor(TrainingSettings settings, LoadedProblem loaded, TraceStore store)
{
    /// <summary>The algorithm names <c>run</c> accepts: single-machine sdca and the distributed ones.</summary>
    public static IReadOnlyList<string> AlgorithmNames { get; } = ["sdca", .. AlgorithmCatalog.Names];

    /// <summary>Distributed runs save a checkpoint every this many iterations and when they stop; 0 for none.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>
    /// Checks that <paramref name="algorithm"/> can run on <paramref name="machines"/> machines with these settings,
    /// throwing a <see cref="HemingwayException"/> that says why not; returns the distributed algorithm (null for sdca).
    /// </summary>
    public IDistributedAlgorithm? Validate(string algorithm, int machines)
    {
        if (algorithm != "sdca")
        {
            var distributed = AlgorithmCatalog.Create(algorithm, settings.Algorithm);
            DistributedRunner.Validate(new RunRequest(loaded.Problem, distributed, machines, settings.Seed, loaded.TestData), settings.Stop);
            return distributed;
        }

        new RunRequest(loaded.Problem, new CoCoA(adding: false), machines).Validate();
        if (machines != 1 || settings.Engine != "inproc")
        {
            throw new HemingwayException("sdca runs on one machine in this process; for m machines or --engine sim or mpi use cocoa or cocoa+ (with --machines 1 they are sdca)");
        }

        if (loaded.TestData is not null)
        {
            throw new HemingwayException("--test-data needs a distributed algorithm; for sdca use --algorithm cocoa --machines 1, the same method");
        }

        return null;
    }

    /// <summary>Runs and records; <paramref name="resume"/> continues a checkpoint as a new run whose rows go on from its iteration.</summary>
    public RunReport Execute(
        string algorithm, int machines, Action<TraceRow>? onRow, CancellationToken cancellation, string? config = null, ResumePoint? resume = null)
    {
        var stop = settings.Stop with { OptimalPrimal = loaded.Optimum?.Primal };
        var distributed = Validate(algorithm, machines);
        var isSdca = distributed is null;
        var setup = isSdca || CheckpointEvery == 0 ? null : new RunSetup(
            settings.LoadOptions,
            settings.Algorithm,
            stop,
            settings.Compute,
            resume?.Stored.Setup.DataFingerprint ?? DatasetFingerprint.Compute(loaded.Problem.Data),
            settings.TestDataSpec);

        var info = new RunInfo(
            Guid.NewGuid().ToString("N")[..12],
            settings.DataSpec,
            settings.Loss,
            settings.Lambda,
            isSdca ? "sdca" : distributed!.Name,
            isSdca ? $"shrinking={settings.Shrinking}" : distributed!.Parameters,
            settings.Engine,
            settings.Cluster,
            machines,
            settings.Fraction,
            settings.Seed,
            loaded.Optimum?.Primal,
            DateTimeOffset.UtcNow);
        if (settings.Engine == "mpi")
        {
            // The ranks run the whole loop, and rank 0 writes the trace; this process launches and watches them.
            var plan = new MpiRunPlan(
                info, settings.LoadOptions, settings.Algorithm, stop, store.FilePath, config, loaded.Problem.Rows, loaded.Problem.Dimension,
                setup is null ? 0 : CheckpointEvery, setup, resume?.RunId);
            var result = new MpiLauncher(settings.Mpi).Run(plan, onRow, cancellation);
            return RunReport.From(info, loaded, result.Final, result.Reason);
        }

        using var writer = store.BeginRun(info, config);
        using var checkpoints = setup is not null || resume is not null ? CheckpointStore.Open(store) : null;
        if (resume is not null)
        {
            checkpoints!.RecordResume(info.RunId, resume.RunId, resume.Stored.Checkpoint.Iteration);
        }

        void Record(TraceRow row)
        {
            writer.Append(row);
            onRow?.Invoke(row);
        }

        var (final, reason) = isSdca
            ? RunSdca(stop, Record, cancellation)
            : RunDistributed(
                distributed!, machines, stop, Record, resume?.Stored.Checkpoint, setup is null ? null : c => checkpoints!.Save(info.RunId, c, setup), cancellation);
        writer.Finish(StopReasonName(reason));
        return RunReport.From(info, loaded, final, reason);
    }

    public static string StopReasonName(StopReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());

    private (TraceRow Final, StopReason Reason) RunSdca(StopCriteria stop, Action<TraceRow> record, CancellationToken cancellation)
    {
        var solver = new SdcaSolver(loaded.Problem, new SdcaOptions(Seed: settings.Seed, Shrinking: settings.Shrinking));
        var lastSeconds = 0.0;
        TraceRow? last = null;
        var result = solver.Solve(
            stop,
            r =>
            {
                last = new TraceRow(r.Iteration, r.Seconds, null, r.Seconds - lastSeconds, 0, r.Primal, r.Dual, r.Gap, r.Suboptimality);
                lastSeconds = r.Seconds;
                record(last);
            },
            cancellation);
        return (last!, result.Reason);
    }

    private (TraceRow Final, StopReason Reason) RunDistributed(
        IDistributedAlgorithm algorithm,
        int machines,
        StopCriteria stop,
        Action<TraceRow> record,
        RunCheckpoint? resumeFrom,
        Action<RunCheckpoint>? onCheckpoint,
        CancellationToken cancellation)
    {
        var outcome = new DistributedRunner(CreateEngine()).Run(
            new RunRequest(loaded.Problem, algorithm, machines, settings.Seed, loaded.TestData),
            stop,
            record,
            cancellation,
            resumeFrom,
            onCheckpoint,
            onCheckpoint is null ? 0 : CheckpointEvery);
        return (outcome.Final, outcome.Reason);
    }

    private IEngine CreateEngine()
    {
        if (settings.Engine == "mpi")
        {
            throw new InvalidOperationException("--engine mpi runs on mpirun's processes (see Execute), not on an engine of this process");
        }

        if (settings.Engine == "inproc")
        {
            return new InProcessEngine();
        }

        var timing = settings.Compute == "measured" ? ComputeTiming.Measured : ComputeTiming.CostModel;
        var costModel = timing == ComputeTiming.CostModel ? CostModel.LoadOrCalibrate() : null;
        return new SimulatedEngine(ClusterSpec.Parse(settings.Cluster), timing, costModel, settings.Seed);
    }
}
