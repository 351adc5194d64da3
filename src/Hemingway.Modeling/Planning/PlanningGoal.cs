using System.Globalization;
using Hemingway.Core;

namespace Hemingway.Modeling.Planning;

/// <summary>
/// What to plan for: reach sub-optimality ε, or the lowest sub-optimality within a deadline, or ε within the deadline,
/// on one of the candidate machine counts, within an iteration limit, minimising time or cost. Every value is checked
/// here, once; a bad one gives a <see cref="HemingwayException"/> that names it.
/// </summary>
public sealed record PlanningGoal
{
    /// <summary>The iteration limit when none is given: the paper's case study stops at 500 iterations.</summary>
    public const int DefaultMaxIterations = 500;

    /// <summary>A goal; at least one of <paramref name="epsilon"/> and <paramref name="deadlineSeconds"/> is required.</summary>
    /// <param name="machines">Candidate machine counts, each ≥ 1 (kept sorted, without repeats).</param>
    /// <param name="epsilon">Target sub-optimality P − P* &gt; 0, or null.</param>
    /// <param name="deadlineSeconds">Deadline in seconds &gt; 0, or null.</param>
    /// <param name="maxIterations">The most iterations any plan may run, ≥ 1.</param>
    /// <param name="pricePerMachineHour">Price of one machine for one hour (≥ 0), or null for no costs.</param>
    /// <param name="optimize">What to minimise; <see cref="PlanningObjective.Cost"/> needs a price.</param>
    public PlanningGoal(
        IReadOnlyList<int> machines,
        double? epsilon = null,
        double? deadlineSeconds = null,
        int maxIterations = DefaultMaxIterations,
        double? pricePerMachineHour = null,
        PlanningObjective optimize = PlanningObjective.Time)
    {
        ArgumentNullException.ThrowIfNull(machines);
        if (epsilon is null && deadlineSeconds is null)
        {
            throw new HemingwayException("a planning goal needs a target sub-optimality ε, a deadline, or both");
        }

        if (epsilon is { } e && !(e > 0 && double.IsFinite(e)))
        {
            throw new HemingwayException($"the target sub-optimality ε must be a positive number, got {Text(e)}");
        }

        if (deadlineSeconds is { } t && !(t > 0 && double.IsFinite(t)))
        {
            throw new HemingwayException($"the deadline must be a positive number of seconds, got {Text(t)}");
        }

        if (machines.Count == 0)
        {
            throw new HemingwayException("the list of candidate machine counts is empty: give at least one");
        }

        foreach (var m in machines)
        {
            if (m < 1)
            {
                throw new HemingwayException($"candidate machine count {m.ToString(CultureInfo.InvariantCulture)} is not allowed: each must be ≥ 1");
            }
        }

        if (maxIterations < 1)
        {
            throw new HemingwayException($"the iteration limit must be ≥ 1, got {maxIterations.ToString(CultureInfo.InvariantCulture)}");
        }

        if (pricePerMachineHour is { } p && !(p >= 0 && double.IsFinite(p)))
        {
            throw new HemingwayException($"the price per machine-hour must be a number ≥ 0, got {Text(p)}");
        }

        if (!Enum.IsDefined(optimize))
        {
            throw new HemingwayException($"unknown planning objective {optimize}: use time or cost");
        }

        if (optimize == PlanningObjective.Cost && pricePerMachineHour is null)
        {
            throw new HemingwayException("optimizing cost needs a price per machine-hour");
        }

        Machines = [.. machines.Distinct().Order()];
        Epsilon = epsilon;
        DeadlineSeconds = deadlineSeconds;
        MaxIterations = maxIterations;
        PricePerMachineHour = pricePerMachineHour;
        Optimize = optimize;
    }

    /// <summary>Candidate machine counts, ascending, without repeats.</summary>
    public IReadOnlyList<int> Machines { get; }

    /// <summary>Target sub-optimality P − P*, or null for a deadline alone.</summary>
    public double? Epsilon { get; }

    /// <summary>Deadline in seconds, or null.</summary>
    public double? DeadlineSeconds { get; }

    /// <summary>The most iterations any plan may run.</summary>
    public int MaxIterations { get; }

    /// <summary>Price of one machine for one hour, or null when costs are not wanted.</summary>
    public double? PricePerMachineHour { get; }

    /// <summary>What the planner minimises among the plans that meet the goal.</summary>
    public PlanningObjective Optimize { get; }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
