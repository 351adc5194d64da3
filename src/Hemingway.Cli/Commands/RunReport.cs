using Hemingway.Algorithms;

namespace Hemingway.Cli.Commands;

/// <summary>What <c>hemingway run</c> reports, in the form <c>--json</c> writes it.</summary>
internal sealed record RunReport(
    string Dataset,
    int Rows,
    int Features,
    string Loss,
    double Lambda,
    string Algorithm,
    int Machines,
    int Seed,
    int Iterations,
    double Primal,
    double Dual,
    double Gap,
    double RelativeGap,
    double? Optimum,
    double? Subopt,
    double Seconds,
    double LoadSeconds,
    double? OptimumSeconds,
    StopReason StopReason);
