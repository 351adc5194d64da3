using Hemingway.Cli.Runs;
using Hemingway.Engines;
using Hemingway.Engines.Simulation;

namespace Hemingway.Cli.Advice;

/// <summary>Fresh engines for the simulated runs of <c>advise</c> and <c>evaluate</c>, built as <c>run --engine sim</c> builds them.</summary>
internal static class EngineFactory
{
    /// <summary>A function giving a new simulated engine per run, so every run's stragglers and clock start the same way.</summary>
    public static Func<IEngine> Simulated(TrainingSettings settings)
    {
        var spec = ClusterSpec.Parse(settings.Cluster);
        var costModel = CostModel.LoadOrCalibrate();
        return () => new SimulatedEngine(spec, ComputeTiming.CostModel, costModel, settings.Seed);
    }
}
