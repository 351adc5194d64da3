using Hemingway.Cli.Runs;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Planning;

namespace Hemingway.Cli.Advice;

/// <summary>What one sweep cell truly did for the goal: its time (and cost) to ε, or its sub-optimality at the deadline.</summary>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="Machines">m.</param>
/// <param name="RunId">The sweep run.</param>
/// <param name="Iterations">Iterations to ε (or run by the deadline); null when ε was not reached.</param>
/// <param name="Seconds">Cluster seconds to ε (or at the deadline); null when ε was not reached.</param>
/// <param name="Suboptimality">P − P* at that point, or at the end of the run when ε was not reached.</param>
/// <param name="Cost">m × seconds × price / 3600, when priced.</param>
/// <param name="RunSeconds">Cluster seconds of the whole run, what the sweep paid for it.</param>
internal sealed record GroundTruth(
    string Algorithm, int Machines, string RunId, int? Iterations, double? Seconds, double? Suboptimality, double? Cost, double RunSeconds)
{
    /// <summary>Reads a sweep cell's trace and measures it against the goal.</summary>
    public static GroundTruth Of(SweepResult cell, TraceStore store, PlanningGoal goal)
    {
        var rows = store.ReadRows(cell.RunId);
        static double Clock(TraceRow row) => row.SimulatedSeconds ?? row.WallSeconds;
        var limit = goal.DeadlineSeconds ?? double.PositiveInfinity;
        TraceRow? end = goal.Epsilon is { } e
            ? rows.FirstOrDefault(r => r.Suboptimality <= e && Clock(r) <= limit)
            : rows.LastOrDefault(r => Clock(r) <= limit && r.Iteration > 0);
        double? seconds = end is null ? null : Clock(end);
        double? cost = goal.PricePerMachineHour is { } price && seconds is { } s ? cell.Machines * s * price / 3600 : null;
        return new GroundTruth(
            cell.Algorithm, cell.Machines, cell.RunId, end?.Iteration, seconds, (end ?? rows[^1]).Suboptimality, cost, Clock(rows[^1]));
    }

    /// <summary>The value the goal minimises: cost or seconds to ε, or the sub-optimality at the deadline; null when the goal was missed.</summary>
    public double? Score(PlanningGoal goal) => goal.Epsilon is null
        ? (Seconds is null ? null : Suboptimality)
        : goal.Optimize == PlanningObjective.Cost ? Cost : Seconds;
}
