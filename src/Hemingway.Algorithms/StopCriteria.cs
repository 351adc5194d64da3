using System.Globalization;
using Hemingway.Core;

namespace Hemingway.Algorithms;

/// <summary>
/// When an iterative solver stops: whichever of these is met first. Every target is optional; the iteration limit
/// always applies, so every run ends.
/// </summary>
/// <param name="MaxIterations">Iterations (epochs for SDCA, rounds for distributed methods) at most.</param>
/// <param name="TargetSuboptimality">Stop once P(w) − P* ≤ this (absolute, the paper's measure); needs <paramref name="OptimalPrimal"/>.</param>
/// <param name="TargetRelativeGap">Stop once (P − D) / |P| ≤ this.</param>
/// <param name="TimeLimit">Stop once this much algorithm time has passed.</param>
/// <param name="OptimalPrimal">P*, when known, so sub-optimality can be reported and targeted.</param>
public sealed record StopCriteria(
    int MaxIterations = StopCriteria.DefaultMaxIterations,
    double? TargetSuboptimality = null,
    double? TargetRelativeGap = null,
    TimeSpan? TimeLimit = null,
    double? OptimalPrimal = null)
{
    /// <summary>The default iteration limit (the paper's case study stops at 500 iterations).</summary>
    public const int DefaultMaxIterations = 500;

    /// <summary>Throws a <see cref="HemingwayException"/> naming the first invalid setting (P* may still be unknown).</summary>
    public void Validate()
    {
        if (MaxIterations < 0)
        {
            throw new HemingwayException($"the iteration limit must be ≥ 0, got {MaxIterations}");
        }

        if (TargetSuboptimality is { } eps && !(eps > 0))
        {
            throw new HemingwayException($"the target sub-optimality must be > 0, got {Format(eps)}");
        }

        if (TargetRelativeGap is { } gap && !(gap > 0))
        {
            throw new HemingwayException($"the target duality gap must be > 0, got {Format(gap)}");
        }

        if (TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new HemingwayException($"the time limit must be > 0, got {Format(limit.TotalSeconds)} s");
        }
    }

    /// <summary>The reason to stop after an iteration with these values, or null to go on.</summary>
    public StopReason? Check(int iteration, double seconds, double primal, double relativeGap)
    {
        if (!double.IsFinite(primal))
        {
            return StopReason.Diverged;
        }

        if (TargetSuboptimality is { } eps && OptimalPrimal is { } optimum && primal - optimum <= eps)
        {
            return StopReason.TargetSuboptimality;
        }

        if (TargetRelativeGap is { } gap && relativeGap <= gap)
        {
            return StopReason.TargetGap;
        }

        if (iteration >= MaxIterations)
        {
            return StopReason.IterationLimit;
        }

        return TimeLimit is { } limit && seconds >= limit.TotalSeconds ? StopReason.TimeLimit : null;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
