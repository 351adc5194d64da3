using Hemingway.Core.Objectives;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Advisor.Profiling;

/// <summary>
/// Measures seconds per iteration of an algorithm at (machines, data fraction) points, for Ernest's system model. The
/// convergence of an algorithm does not depend on the engine (every engine computes the same iterates from the same
/// seed), but its time does: a timer is the engine-specific half of profiling.
/// </summary>
public interface ISystemTimer
{
    /// <summary>Where the times come from, for messages ("simulated spark cluster", "mpirun, shared memory").</summary>
    string Description { get; }

    /// <summary>
    /// True when the full-data profiling runs time iterations as this timer does, so their times may join its points;
    /// false when they run elsewhere (e.g. the timer measures real processes, the runs are simulated).
    /// </summary>
    bool SharesClockWithRuns { get; }

    /// <summary>
    /// The data fractions the design samples, in 128ths (<see cref="SystemProfiler.TotalParts"/>): small on a simulated
    /// cluster, whose clock is exact at any size; larger on real processes, whose fixed costs and noise would otherwise
    /// swamp the work Ernest's s/m term has to see.
    /// </summary>
    (int MinParts, int MaxParts) Parts { get; }

    /// <summary>Times <paramref name="algorithm"/> at every point; returns the points measured and the cluster seconds spent.</summary>
    (List<ErnestPoint> Points, double Seconds) Measure(RegularizedProblem problem, string algorithm, IReadOnlyList<DesignPoint> design, CancellationToken cancellation);
}
