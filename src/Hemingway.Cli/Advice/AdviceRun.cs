using Hemingway.Advisor.Profiling;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Planning;
using Hemingway.Mpi;

namespace Hemingway.Cli.Advice;

/// <summary>Profile, fit and plan for the options of <c>advise</c> (and the first half of <c>evaluate</c>).</summary>
internal static class AdviceRun
{
    /// <summary>Loads the problem and its optimum, profiles on the simulated cluster, and returns the advice.</summary>
    public static (Advisor.Profiling.Advice Advice, LoadedProblem Loaded) Execute(
        TrainingSettings settings, PlanningGoal goal, IReadOnlyList<string> algorithms, double? budget, ProgressLine progress, CancellationToken cancellation,
        MpiLaunchOptions? mpi = null)
    {
        var loaded = LoadedProblem.Load(settings, progress, problem =>
        {
            var tooMany = goal.Machines.Where(m => m > problem.Rows).ToList();
            if (tooMany.Count > 0)
            {
                throw new HemingwayException($"{settings.DataSpec} has {problem.Rows} rows: it cannot be split over {tooMany[0]} machines (lower --max-machines)");
            }
        });
        var optimum = loaded.Optimum?.Primal ?? throw new InvalidOperationException("advice needs P*, and its settings always ask for it");

        using var store = TraceStore.Open(settings.StorePath);
        if (mpi is not null && settings.Fraction < 1)
        {
            throw new HemingwayException("--engine mpi times the whole data set's subsamples itself: leave --fraction at 1");
        }

        var timer = mpi is null ? null : new MpiSystemTimer(settings, mpi, loaded.Problem.Rows);
        var profiler = new Profiler(
            loaded.Problem, optimum, EngineFactory.Simulated(settings), new StoreRecorder(store, settings, optimum), text => progress.Update(text), timer);
        var advice = profiler.Advise(new ProfileOptions(algorithms, settings.Algorithm, goal, settings.Seed, budget), cancellation);
        return (advice, loaded);
    }
}
