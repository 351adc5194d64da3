using Hemingway.Modeling.Convergence;

namespace Hemingway.Advisor.Profiling;

/// <summary>
/// The explicit design for the convergence models: which machine counts every algorithm is profiled on, and for how
/// many iterations at first. Iterations are what the convergence model extrapolates badly and machine counts what it
/// interpolates well, so the design spreads few iterations over many m: up to <see cref="MaxMachineCounts"/> counts
/// evenly spaced in log m, always including the smallest and the largest candidate, each run for the same number of
/// iterations, as many as a third of the budget left buys (between <see cref="MinInitialIterations"/> and
/// <see cref="MaxInitialIterations"/>). The refinement that follows (<see cref="Profiler"/>) spends the rest where the
/// plans are close.
/// </summary>
internal static class ConvergenceDesign
{
    /// <summary>The most machine counts profiled per algorithm.</summary>
    public const int MaxMachineCounts = 8;

    /// <summary>Fewest iterations of a first profiling run: enough for the fit's minimum and a slope.</summary>
    public const int MinInitialIterations = 5;

    /// <summary>Most iterations of a first profiling run; longer runs are the refinement's choice.</summary>
    public const int MaxInitialIterations = 25;

    /// <summary>Share of the budget left after timing the system that the first runs may use.</summary>
    public const double InitialShare = 1.0 / 3;

    /// <summary>The machine counts to profile: all candidates when few, else a log-spaced subset with both ends.</summary>
    public static IReadOnlyList<int> Machines(IReadOnlyList<int> candidates)
    {
        var sorted = candidates.Distinct().Order().ToArray();
        if (sorted.Length <= MaxMachineCounts)
        {
            return sorted;
        }

        var low = Math.Log(sorted[0]);
        var high = Math.Log(sorted[^1]);
        var chosen = new SortedSet<int>();
        for (var k = 0; k < MaxMachineCounts; k++)
        {
            var target = low + ((high - low) * k / (MaxMachineCounts - 1));
            chosen.Add(sorted.MinBy(m => Math.Abs(Math.Log(m) - target)));
        }

        return [.. chosen];
    }

    /// <summary>
    /// Iterations of each first run, given the seconds left, the predicted seconds of one iteration of every first run
    /// together, and how many machine counts each algorithm runs on: at least enough for the convergence model's
    /// minimum number of observations.
    /// </summary>
    public static int InitialIterations(double secondsLeft, double secondsPerRound, int machineCounts = MaxMachineCounts)
    {
        var least = Math.Max(MinInitialIterations, (int)Math.Ceiling((double)ConvergenceModel.MinimumObservations / Math.Max(1, machineCounts)));
        if (!(secondsPerRound > 0))
        {
            return least;
        }

        var affordable = (int)Math.Floor(InitialShare * secondsLeft / secondsPerRound);
        return Math.Clamp(affordable, least, Math.Max(least, MaxInitialIterations));
    }
}
