using Hemingway.Cli.Output;
using Hemingway.Engines.Traces;

namespace Hemingway.Cli.Runs;

/// <summary>
/// Runs every (algorithm, m) cell of a grid into the trace store. Each cell is keyed by its full configuration, so a
/// sweep run again skips the cells that finished and redoes the one that was interrupted; <c>sweep</c> and
/// <c>evaluate</c> share the cells.
/// </summary>
internal sealed class SweepRunner(TrainingSettings settings, LoadedProblem loaded, TraceStore store)
{
    private readonly RunExecutor _executor = new(settings, loaded, store);

    /// <summary>Checks every cell before any runs, so a bad cell cannot end a long sweep half-way.</summary>
    public void Validate(IReadOnlyList<(string Algorithm, int Machines)> grid)
    {
        foreach (var (algorithm, m) in grid)
        {
            _executor.Validate(algorithm, m);
        }
    }

    /// <summary>Runs (or finds) every cell; stops early, with fewer results than cells, when cancelled.</summary>
    public List<SweepResult> Run(IReadOnlyList<(string Algorithm, int Machines)> grid, ProgressLine progress, CancellationToken cancellation)
    {
        var results = new List<SweepResult>();
        foreach (var (algorithm, m) in grid)
        {
            if (cancellation.IsCancellationRequested)
            {
                break;
            }

            var config = settings.ConfigKey(algorithm, m);
            if (store.FindCompletedRun(config) is { } done)
            {
                results.Add(SweepResult.FromStore(store, done, algorithm, m));
                continue;
            }

            foreach (var incomplete in store.FindIncompleteRuns(config))
            {
                store.DeleteRun(incomplete);
            }

            var prefix = $"{Bar(results.Count, grid.Count)} {results.Count + 1}/{grid.Count} {algorithm} m={m}";
            var report = _executor.Execute(algorithm, m, row => progress.Update(
                $"{prefix}: iteration {row.Iteration}, subopt {Format.Small(row.Suboptimality)}"), cancellation, config);
            results.Add(SweepResult.FromReport(report));
        }

        return results;
    }

    private static string Bar(int done, int total)
    {
        const int width = 20;
        var filled = total == 0 ? width : done * width / total;
        return $"[{new string('#', filled)}{new string('-', width - filled)}]";
    }
}
