using Hemingway.Advisor.Profiling;
using Hemingway.Algorithms;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Objectives;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.SystemModel;
using Hemingway.Mpi;

namespace Hemingway.Cli.Advice;

/// <summary>
/// Times iterations with real processes: every design point is a short <c>mpirun -np m</c> run of the algorithm on a
/// seeded subsample of the data, and its time per iteration is the mean wall time of the iterations after the first
/// (the first also pays for each rank's start-up and compilation). Ranks run oversubscribed on this machine unless a
/// hostfile spreads them.
/// </summary>
internal sealed class MpiSystemTimer(TrainingSettings settings, MpiLaunchOptions launch, int dataRows, int iterations = MpiSystemTimer.DefaultIterations) : ISystemTimer
{
    /// <summary>Iterations per point by default: one to warm up, then the timed ones.</summary>
    public const int DefaultIterations = 6;

    /// <inheritdoc />
    public string Description => $"real processes (mpirun, {(launch.Transport == MpiLaunchOptions.Tcp ? "loopback TCP" : "shared memory")})";

    /// <inheritdoc />
    public bool SharesClockWithRuns => false;

    /// <inheritdoc />
    public (int MinParts, int MaxParts) Parts => (16, 64);

    /// <inheritdoc />
    public (List<ErnestPoint> Points, double Seconds) Measure(RegularizedProblem problem, string algorithm, IReadOnlyList<DesignPoint> design, CancellationToken cancellation)
    {
        var launcher = new MpiLauncher(launch);
        var points = new List<ErnestPoint>();
        var spent = 0.0;
        foreach (var point in design)
        {
            cancellation.ThrowIfCancellationRequested();
            var fraction = point.Fraction;
            var rows = Partitioner.Subsample(dataRows, fraction, settings.Seed).Length;
            if (point.Machines > rows)
            {
                continue;
            }

            var info = new RunInfo(
                Guid.NewGuid().ToString("N")[..12], settings.DataSpec, settings.Loss, settings.Lambda, algorithm, "", "mpi", "",
                point.Machines, fraction, settings.Seed, null, DateTimeOffset.UtcNow);
            var trace = new List<TraceRow>();
            var plan = new MpiRunPlan(
                info, settings.LoadOptions, settings.Algorithm, new StopCriteria(MaxIterations: Math.Max(iterations, 3)), Path.GetFullPath(settings.StorePath),
                $"profile-mpi:{settings.ConfigKey(algorithm, point.Machines)};part={fraction:R}", rows, problem.Dimension);
            launcher.Run(plan, trace.Add, cancellation);
            if (trace.Count <= 2)
            {
                throw new HemingwayException($"mpirun -np {point.Machines}: the timing run of {algorithm} ended after {trace.Count - 1} iterations");
            }

            var timed = trace[^1].WallSeconds - trace[1].WallSeconds;
            spent += trace[^1].WallSeconds;
            points.Add(new ErnestPoint(point.Machines, fraction, timed / (trace.Count - 2)));
        }

        return (points, spent);
    }
}
