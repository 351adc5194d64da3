using Hemingway.Cli.Commands;
using Hemingway.Engines.Traces;

namespace Hemingway.Cli.Runs;

/// <summary>One cell of a sweep: how the run of an algorithm on m machines ended, and whether an earlier sweep did it.</summary>
internal sealed record SweepResult(
    string Algorithm,
    int Machines,
    string RunId,
    int Iterations,
    double Primal,
    double? Subopt,
    double Seconds,
    double? SecondsPerIteration,
    string StopReason,
    bool Resumed)
{
    public static SweepResult FromReport(RunReport report)
    {
        var seconds = report.SimulatedSeconds ?? report.Seconds;
        return new SweepResult(
            report.Algorithm, report.Machines, report.RunId, report.Iterations, report.Primal, report.Subopt, seconds,
            report.Iterations > 0 ? seconds / report.Iterations : null, RunExecutor.StopReasonName(report.StopReason), Resumed: false);
    }

    public static SweepResult FromStore(TraceStore store, string runId, string algorithm, int machines)
    {
        var rows = store.ReadRows(runId);
        var last = rows[^1];
        var seconds = last.SimulatedSeconds ?? last.WallSeconds;
        var stopReason = store.ListRuns(new RunFilter(RunId: runId)).Single().Status;
        return new SweepResult(
            algorithm, machines, runId, last.Iteration, last.Primal, last.Suboptimality, seconds,
            last.Iteration > 0 ? seconds / last.Iteration : null, stopReason, Resumed: true);
    }
}
