using System.Diagnostics;
using Hemingway.Algorithms.Optimum;
using Hemingway.Cli.Output;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;

namespace Hemingway.Cli.Runs;

/// <summary>The problem a run or sweep works on, with its optimum and its test set when asked for, loaded once.</summary>
internal sealed record LoadedProblem(RegularizedProblem Problem, Optimum? Optimum, double LoadSeconds, Dataset? TestData = null)
{
    /// <summary>
    /// Reads the data (subsampled when asked), builds the problem and finds P* (cached after the first time);
    /// <paramref name="check"/> sees the problem first, so a request the data cannot serve fails before P* is solved.
    /// </summary>
    public static LoadedProblem Load(TrainingSettings settings, ProgressLine progress, Action<RegularizedProblem>? check = null)
    {
        var clock = Stopwatch.StartNew();
        progress.Update($"loading {settings.DataSpec} …", force: true);
        var data = DatasetSpec.Load(settings.DataSpec, settings.LoadOptions);
        if (settings.Fraction < 1)
        {
            data = data.SelectRows(Partitioner.Subsample(data.Rows, settings.Fraction, settings.Seed));
        }

        Dataset? test = null;
        if (settings.TestDataSpec is { } testSpec)
        {
            progress.Update($"loading the test data {testSpec} …", force: true);
            test = DatasetSpec.Load(testSpec, settings.LoadOptions);
        }

        var loadSeconds = clock.Elapsed.TotalSeconds;
        var problem = new RegularizedProblem(data, LossCatalog.Parse(settings.Loss), settings.Lambda);
        check?.Invoke(problem);
        Optimum? optimum = null;
        if (settings.WithOptimum)
        {
            optimum = new OptimumOracle().GetOrSolve(problem, r => progress.Update(
                $"computing P* once for this data, loss and λ: iteration {r.Iteration}, relative gap {Format.Small(r.RelativeGap)}"));
        }

        return new LoadedProblem(problem, optimum, loadSeconds, test);
    }
}
