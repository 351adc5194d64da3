using System.CommandLine;
using System.Globalization;
using Hemingway.Algorithms;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Engines.Traces;
using Hemingway.Mpi;
using Spectre.Console;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway run</c>: trains one model with one algorithm on m machines, recording every iteration and, for the
/// distributed algorithms, a checkpoint every k iterations; <c>--resume RUN_ID</c> continues a run from its latest
/// checkpoint as a new run.
/// </summary>
internal static class RunCommand
{
    /// <summary>Exit code of a run stopped because one of its MPI ranks died or hung (what completed is stored).</summary>
    public const int RankFailed = 3;

    /// <summary>The default of --checkpoint-every.</summary>
    public const int DefaultCheckpointEvery = 10;

    public static Command Create()
    {
        var training = new TrainingOptions();
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "sdca (one machine, this process), cocoa, cocoa+ (dual coordinate methods), minibatch-sgd, local-sgd, " +
                "gd or lbfgs (the last two need a smooth loss)",
            DefaultValueFactory = _ => "sdca",
        };
        algorithm.AcceptOnlyFromAmong([.. RunExecutor.AlgorithmNames]);
        var machines = new Option<int>("--machines")
        {
            Description = "m, the number of workers the data is split over (1 ≤ m ≤ rows); with --resume, the machines to continue on " +
                "(default: 1, or with --resume the checkpoint's m)",
            DefaultValueFactory = _ => 1,
            HelpName = "m",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object on stdout instead of a table (default: a table)",
        };
        var checkpointEvery = new Option<int>("--checkpoint-every")
        {
            Description = "Distributed algorithms: save a checkpoint (w, the algorithm's state such as CoCoA's dual variables, the random " +
                "streams, the clocks) into the trace store every k iterations and when the run stops, keeping the latest per run, so a " +
                "killed or interrupted run can continue with --resume; 0 saves none",
            DefaultValueFactory = _ => DefaultCheckpointEvery,
            HelpName = "k",
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue this run of the store from its latest checkpoint, as a new run that records where it came from and " +
                "whose rows go on from the checkpoint's iteration (its first row is that iteration again). Data, problem, algorithm " +
                "and its parameters, engine, cluster and seed are the stored run's (repeating one with another value is an error); " +
                "--machines may differ (the per-row state is re-partitioned, the random streams start afresh), and --iterations, " +
                "--target-subopt, --target-gap and --time-limit count from the start of the original run (default: the stored " +
                "run's). On the same machines the iterates are those of an uninterrupted run (default: a new run)",
            HelpName = "RUN_ID",
        };
        var iterationTimeout = new Option<double>("--iteration-timeout")
        {
            Description = "mpi only: a per-iteration watchdog; once the first iteration is recorded, a run whose next iteration takes longer " +
                "than this has a hung rank (stopped, frozen or stuck): it is killed with all its processes and named, and the run " +
                $"exits with code {RankFailed}, as when a rank dies",
            DefaultValueFactory = _ => MpiLaunchOptions.DefaultIterationTimeoutSeconds,
            HelpName = "SECONDS",
        };

        var command = new Command(
            "run",
            "Train a linear model with one algorithm on m machines and report the objective, gap and sub-optimality. " +
            $"Exit codes: 0 done, 2 bad input, 130 interrupted, {RankFailed} an MPI rank died or hung (the iterations and the " +
            "latest checkpoint are stored: continue with --resume)");
        training.AddTo(command);
        command.Options.Add(algorithm);
        command.Options.Add(machines);
        command.Options.Add(json);
        command.Options.Add(checkpointEvery);
        command.Options.Add(resume);
        command.Options.Add(iterationTimeout);
        command.SetAction(parsed =>
        {
            var every = parsed.GetValue(checkpointEvery);
            if (every < 0)
            {
                throw new HemingwayException($"--checkpoint-every must be ≥ 0, got {every}");
            }

            var timeout = parsed.GetValue(iterationTimeout);
            if (!(timeout > 0))
            {
                throw new HemingwayException($"--iteration-timeout must be > 0 seconds, got {timeout.ToString("G6", CultureInfo.InvariantCulture)}");
            }

            TrainingSettings settings;
            string algorithmName;
            int m;
            ResumePoint? resumePoint = null;
            if (parsed.GetValue(resume) is { } runId)
            {
                (settings, algorithmName, m, resumePoint) = RunResumption.Resolve(parsed, runId);
            }
            else
            {
                settings = training.Bind(parsed);
                algorithmName = parsed.GetValue(algorithm)!;
                m = parsed.GetValue(machines);
            }

            if (settings.Mpi is { } mpi)
            {
                settings = settings with { Mpi = mpi with { IterationTimeoutSeconds = timeout } };
            }

            var stderr = parsed.InvocationConfiguration.Error;
            var progress = ProgressLine.ForConsole(stderr);
            var loaded = LoadedProblem.Load(settings, progress);
            if (resumePoint is not null)
            {
                RunResumption.CheckSameData(resumePoint, loaded, settings.DataSpec);
                progress.Update(
                    $"resuming run {resumePoint.RunId} from its checkpoint at iteration {resumePoint.Stored.Checkpoint.Iteration} on {m} machine(s)",
                    force: true);
            }

            using var store = TraceStore.Open(settings.StorePath);
            using var interrupt = new InterruptSignal();
            RunReport report;
            try
            {
                report = new RunExecutor(settings, loaded, store) { CheckpointEvery = every }.Execute(
                    algorithmName,
                    m,
                    row => progress.Update(
                        $"iteration {row.Iteration}  P {Format.Objective(row.Primal)}  subopt {Format.Small(row.Suboptimality)}  " +
                        $"{Format.Seconds(row.SimulatedSeconds ?? row.WallSeconds)}{(row.SimulatedSeconds is null ? "" : " simulated")}"),
                    interrupt.Token,
                    resume: resumePoint);
            }
            catch (RankFailedException e)
            {
                progress.Finish();
                stderr.WriteLine($"error: {e.Message}");
                return RankFailed;
            }

            progress.Finish();

            var stdout = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                Json.Write(stdout, report);
            }
            else
            {
                PrintSummary(stdout, report, settings.StorePath, resumePoint);
            }

            return report.StopReason == StopReason.Cancelled ? CliApp.Interrupted : CliApp.Success;
        });
        return command;
    }

    private static void PrintSummary(TextWriter output, RunReport report, string storePath, ResumePoint? resumed)
    {
        var console = TableConsole.For(output);
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("what").AddColumn("value");
        var fraction = report.Fraction < 1 ? $", fraction {Format.Plain(report.Fraction)}" : "";
        table.AddRow("data", Markup.Escape($"{report.Dataset} ({Format.Count(report.Rows)} rows × {Format.Count(report.Features)} features{fraction})"));
        table.AddRow("problem", Markup.Escape($"{report.Loss} loss, λ = {Format.Plain(report.Lambda)}"));
        table.AddRow("algorithm", Markup.Escape($"{report.Algorithm} ({report.Parameters}) on {report.Machines} machine(s), seed {report.Seed}"));
        table.AddRow("engine", Markup.Escape(report.Cluster.Length > 0 ? $"{report.Engine} ({report.Cluster})" : report.Engine));
        if (resumed is not null)
        {
            var checkpoint = resumed.Stored.Checkpoint;
            table.AddRow("resumed from", Markup.Escape($"run {resumed.RunId} at iteration {checkpoint.Iteration} (on {checkpoint.Machines} machine(s))"));
        }

        table.AddRow("iterations", Format.Count(report.Iterations));
        table.AddRow("primal P(w)", Format.Objective(report.Primal));
        if (report.Dual is { } dual)
        {
            table.AddRow("dual D(α)", Format.Objective(dual));
            table.AddRow("duality gap", $"{Format.Small(report.Gap)} (relative {Format.Small(report.RelativeGap)})");
        }

        table.AddRow("P*", report.Optimum is { } p ? Format.Objective(p) : "not computed");
        table.AddRow("sub-optimality P − P*", Format.Small(report.Subopt));
        var time = report.SimulatedSeconds is { } simulated
            ? $"{Format.Seconds(simulated)} simulated ({Format.Seconds(report.Seconds)} here)"
            : Format.Seconds(report.Seconds);
        table.AddRow("time", $"{time}; loading {Format.Seconds(report.LoadSeconds)}");
        if (report.Bytes > 0)
        {
            table.AddRow("communicated", $"{Format.Count(report.Bytes)} bytes");
        }

        table.AddRow("stopped by", Markup.Escape(RunExecutor.StopReasonName(report.StopReason)));
        table.AddRow("trace", Markup.Escape($"run {report.RunId} in {storePath}"));
        console.Write(table);
    }
}
