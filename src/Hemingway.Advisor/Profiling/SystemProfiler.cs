using Hemingway.Algorithms.Distributed;
using Hemingway.Core.Data;
using Hemingway.Core.Objectives;
using Hemingway.Engines;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Advisor.Profiling;

/// <summary>
/// Measures seconds per iteration for Ernest's system model at the points Ernest's A-optimal experiment design
/// chooses: few machines and small data fractions, a few iterations each. Small runs are cheap, and Ernest's model
/// f(m, s) = θ0 + θ1·s/m + θ2·log m + θ3·m carries what they show to the full data and to many machines.
/// </summary>
public static class SystemProfiler
{
    /// <summary>Iterations timed at each design point; the time per iteration is their mean.</summary>
    public const int IterationsPerPoint = 3;

    /// <summary>Data partitions of the design's fraction grid: fractions are multiples of 1/128.</summary>
    public const int TotalParts = 128;

    /// <summary>
    /// The design: machines 1 … min(16, the largest candidate) (Ernest's default range), data fractions from
    /// <paramref name="minParts"/>/128 to <paramref name="maxParts"/>/128 (by default 1/64 to 1/8), at least one partition
    /// per machine, under Ernest's default budget. Fewer rows than partitions shrink the grid so that every point still
    /// has a row per machine.
    /// </summary>
    public static IReadOnlyList<DesignPoint> Design(int rows, int maxMachines, int minParts = 2, int maxParts = 16)
    {
        var largestMachines = Math.Min(Math.Min(16, maxMachines), Math.Max(1, (int)(rows * (double)maxParts / TotalParts)));
        var options = new DesignOptions
        {
            MinParts = minParts,
            MaxParts = maxParts,
            TotalParts = TotalParts,
            MinMachines = 1,
            MaxMachines = Math.Max(1, Math.Min(largestMachines, maxParts)),
            CoresPerMachine = 1,
        };
        return ExperimentDesign.Solve(options).Chosen;
    }

    /// <summary>A timer that runs the design points on an engine of this process (the simulated cluster's clock, or threads' wall clock).</summary>
    public static ISystemTimer OnEngine(Func<IEngine> createEngine, AlgorithmSettings settings, int seed, string description) =>
        new EngineTimer(createEngine, settings, seed, description);

    /// <summary>Times <paramref name="algorithm"/> at every design point on seeded subsamples; returns Ernest points and the seconds spent.</summary>
    public static (List<ErnestPoint> Points, double Seconds) Measure(
        RegularizedProblem problem,
        IDistributedAlgorithm algorithm,
        IReadOnlyList<DesignPoint> design,
        Func<IEngine> createEngine,
        int seed,
        CancellationToken cancellation)
    {
        var points = new List<ErnestPoint>();
        var spent = 0.0;
        foreach (var point in design)
        {
            cancellation.ThrowIfCancellationRequested();
            var rows = Partitioner.Subsample(problem.Rows, point.Fraction, seed);
            var machines = Math.Min(point.Machines, rows.Length);
            var sample = new RegularizedProblem(problem.Data.SelectRows(rows), problem.Loss, problem.Lambda);
            var session = new BspSession(new RunRequest(sample, algorithm, machines, seed), createEngine());
            var run = new ProfileRun(algorithm.Name, machines, point.Fraction, session, null, null);
            spent += run.Extend(IterationsPerPoint, double.PositiveInfinity, cancellation: cancellation);
            if (run.SecondsPerIteration is { } seconds && seconds > 0)
            {
                points.Add(new ErnestPoint(machines, point.Fraction, seconds));
            }
        }

        return (points, spent);
    }

    private sealed class EngineTimer(Func<IEngine> createEngine, AlgorithmSettings settings, int seed, string description) : ISystemTimer
    {
        public string Description => description;

        public bool SharesClockWithRuns => true;

        public (int MinParts, int MaxParts) Parts => (2, 16);

        public (List<ErnestPoint> Points, double Seconds) Measure(RegularizedProblem problem, string algorithm, IReadOnlyList<DesignPoint> design, CancellationToken cancellation) =>
            SystemProfiler.Measure(problem, AlgorithmCatalog.Create(algorithm, settings), design, createEngine, seed, cancellation);
    }
}
