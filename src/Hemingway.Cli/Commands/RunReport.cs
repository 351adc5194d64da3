using Hemingway.Algorithms;
using Hemingway.Cli.Runs;
using Hemingway.Engines.Traces;

namespace Hemingway.Cli.Commands;

/// <summary>What <c>hemingway run</c> reports, in the form <c>--json</c> writes it.</summary>
internal sealed record RunReport(
    string RunId,
    string Dataset,
    int Rows,
    int Features,
    double Fraction,
    string Loss,
    double Lambda,
    string Algorithm,
    string Parameters,
    int Machines,
    string Engine,
    string Cluster,
    int Seed,
    int Iterations,
    double Primal,
    double? Dual,
    double? Gap,
    double? RelativeGap,
    double? Optimum,
    double? Subopt,
    double Seconds,
    double? SimulatedSeconds,
    long Bytes,
    double LoadSeconds,
    double? OptimumSeconds,
    StopReason StopReason)
{
    public static RunReport From(RunInfo info, LoadedProblem loaded, TraceRow final, StopReason reason) => new(
        info.RunId,
        info.Dataset,
        loaded.Problem.Rows,
        loaded.Problem.Dimension,
        info.DataFraction,
        info.Loss,
        info.Lambda,
        info.Algorithm,
        info.Parameters,
        info.Machines,
        info.Engine,
        info.Cluster,
        info.Seed,
        final.Iteration,
        final.Primal,
        final.Dual,
        final.Gap,
        final.Gap / Math.Abs(final.Primal),
        loaded.Optimum?.Primal,
        final.Suboptimality,
        final.WallSeconds,
        final.SimulatedSeconds,
        final.Bytes,
        loaded.LoadSeconds,
        loaded.Optimum?.Seconds,
        reason);
}
