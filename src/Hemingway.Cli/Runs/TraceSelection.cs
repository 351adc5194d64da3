using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Cli.Runs;

/// <summary>
/// The traces a model is fitted on: the runs of one algorithm that match the filters, the latest run for each number
/// of machines, turned into convergence observations and system-model points.
/// </summary>
internal sealed record TraceSelection(string Algorithm, IReadOnlyList<(RunInfo Info, IReadOnlyList<TraceRow> Rows)> Runs)
{
    public static TraceSelection Load(TraceStore store, string algorithm, string? dataset, string? engine, string? loss, double? lambda, double fraction)
    {
        var summaries = store.ListRuns(new RunFilter(Algorithm: algorithm, Dataset: dataset, Engine: engine))
            .Where(r => r.RowCount > 1 && (loss is null || r.Info.Loss == loss) && (lambda is null || r.Info.Lambda == lambda) && r.Info.DataFraction == fraction)
            .ToList();
        if (summaries.Count == 0)
        {
            throw new HemingwayException(
                $"{store.FilePath}: no runs of '{algorithm}' match (dataset {dataset ?? "any"}, engine {engine ?? "any"}, loss {loss ?? "any"}, " +
                $"λ {lambda?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) ?? "any"}, fraction {fraction:G6}); see hemingway traces list");
        }

        var mixed = summaries.Select(r => (r.Info.Dataset, r.Info.Loss, r.Info.Lambda)).Distinct().ToList();
        if (mixed.Count > 1)
        {
            throw new HemingwayException(
                $"the runs of '{algorithm}' mix {mixed.Count} problems ({string.Join("; ", mixed.Select(p => $"{p.Dataset} {p.Loss} λ={p.Lambda:G6}"))}); choose one with --dataset, --loss and --lambda");
        }

        var latest = summaries.GroupBy(r => r.Info.Machines).Select(g => g.MaxBy(r => r.Info.Started)!).OrderBy(r => r.Info.Machines);
        return new TraceSelection(algorithm, latest.Select(r => (r.Info, store.ReadRows(r.Info.RunId))).ToList());
    }

    /// <summary>(m, i, value, seconds) of every iteration that has a value of <paramref name="target"/>.</summary>
    /// <exception cref="HemingwayException">The runs record no such value (or cannot: a gap of a method without a dual).</exception>
    public IReadOnlyList<ConvergenceObservation> Observations(ConvergenceTarget? target = null)
    {
        target ??= ConvergenceTarget.Suboptimality;
        if (target == ConvergenceTarget.DualityGap && !KeepsDual(Algorithm))
        {
            throw new HemingwayException(
                $"'{Algorithm}' keeps no dual variables, so its runs have no duality gap to model (sdca, cocoa and cocoa+ do); use --target subopt or test-error");
        }

        var observations = new List<ConvergenceObservation>();
        foreach (var (info, rows) in Runs)
        {
            foreach (var row in rows)
            {
                if (Value(row, target) is { } value)
                {
                    observations.Add(new ConvergenceObservation(info.Machines, row.Iteration, value, row.SimulatedSeconds ?? row.WallSeconds));
                }
            }
        }

        if (observations.Count == 0)
        {
            throw new HemingwayException(target == ConvergenceTarget.Suboptimality
                ? $"the runs of '{Algorithm}' record no sub-optimality (they ran without P*); rerun them without --no-optimum"
                : target == ConvergenceTarget.DualityGap
                ? $"the runs of '{Algorithm}' record no duality gap; use --target subopt"
                : $"the runs of '{Algorithm}' record no test error; rerun them with --test-data SPEC");
        }

        return observations;
    }

    /// <summary>(m, s, mean seconds per iteration) of every run, for Ernest's model.</summary>
    public IReadOnlyList<ErnestPoint> SystemPoints() =>
        Runs.Where(r => r.Rows[^1].Iteration > 0)
            .Select(r =>
            {
                var last = r.Rows[^1];
                return new ErnestPoint(r.Info.Machines, r.Info.DataFraction, (last.SimulatedSeconds ?? last.WallSeconds) / last.Iteration);
            })
            .ToList();

    private static double? Value(TraceRow row, ConvergenceTarget target) =>
        target == ConvergenceTarget.DualityGap ? row.Gap
        : target == ConvergenceTarget.TestError ? row.TestError
        : row.Suboptimality;

    /// <summary>Whether the algorithm keeps a dual; true for a name this version does not know (an imported trace may have a gap).</summary>
    private static bool KeepsDual(string algorithm) =>
        algorithm == "sdca" || !AlgorithmCatalog.Names.Contains(algorithm) || AlgorithmCatalog.Create(algorithm).HasDual;
}
