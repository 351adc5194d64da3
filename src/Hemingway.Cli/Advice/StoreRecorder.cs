using Hemingway.Advisor.Profiling;
using Hemingway.Cli.Runs;
using Hemingway.Engines.Traces;

namespace Hemingway.Cli.Advice;

/// <summary>
/// Records profiling runs in the trace store like any other run, keyed apart ("profile:" before the sweep's key) so
/// that a sweep never mistakes a short profiling run for one of its finished cells.
/// </summary>
internal sealed class StoreRecorder(TraceStore store, TrainingSettings settings, double? optimalPrimal) : IRunRecorder
{
    /// <inheritdoc />
    public IRunWriter Begin(string algorithm, string parameters, int machines, double fraction, string purpose)
    {
        var info = new RunInfo(
            Guid.NewGuid().ToString("N")[..12],
            settings.DataSpec,
            settings.Loss,
            settings.Lambda,
            algorithm,
            parameters,
            settings.Engine,
            settings.Cluster,
            machines,
            fraction * settings.Fraction,
            settings.Seed,
            optimalPrimal,
            DateTimeOffset.UtcNow);
        return store.BeginRun(info, $"{purpose}:{settings.ConfigKey(algorithm, machines)}");
    }
}
