using Hemingway.Core;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Planning;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Advisor.Profiling;

/// <summary>
/// Profiling's bookkeeping: the live full-data runs of every algorithm, the seconds they cost, the system points, and
/// each algorithm's models, refitted only when its runs have grown.
/// </summary>
internal sealed class RefinementState(
    IReadOnlyList<string> algorithms,
    IReadOnlyDictionary<string, List<ErnestPoint>> systemPoints,
    PlanningGoal goal,
    int seed,
    bool runsTimeTheSystem)
{
    private readonly Dictionary<(string Algorithm, int Machines), ProfileRun> _runs = [];
    private readonly List<IRunWriter> _writers = [];
    private readonly Dictionary<string, (int Iterations, AlgorithmModel? Model, ConvergenceModel? Convergence, ErnestModel System)> _fits = [];

    /// <summary>The algorithms profiled.</summary>
    public IReadOnlyList<string> Algorithms => algorithms;

    /// <summary>The goal planned for.</summary>
    public PlanningGoal Goal => goal;

    /// <summary>The seed of every run.</summary>
    public int Seed => seed;

    /// <summary>Cluster seconds spent on full-data runs.</summary>
    public double Seconds { get; private set; }

    /// <summary>Why an algorithm has no convergence model yet, by algorithm.</summary>
    public Dictionary<string, string> Problems { get; } = [];

    /// <summary>The run of an algorithm on m machines, or null.</summary>
    public ProfileRun? Run(string algorithm, int machines) => _runs.GetValueOrDefault((algorithm, machines));

    /// <summary>Adds a run (and the writer recording it, if any).</summary>
    public void Add(ProfileRun run, IRunWriter? writer)
    {
        _runs[(run.Algorithm, run.Machines)] = run;
        if (writer is not null)
        {
            _writers.Add(writer);
        }
    }

    /// <summary>True when the runs' own clock is the system model's, so their seconds are what profiling spends.</summary>
    public bool RunsTimeTheSystem => runsTimeTheSystem;

    /// <summary>f(m) of an algorithm by its current system model.</summary>
    public double SecondsPerIteration(string algorithm, int machines)
    {
        Fit(algorithm);
        return Math.Max(_fits[algorithm].System.Predict(machines, 1.0), double.Epsilon);
    }

    /// <summary>Counts seconds spent.</summary>
    public void Spend(double seconds) => Seconds += seconds;

    /// <summary>True when the plan's run has reached its goal or its iteration limit: nothing is left to learn by running it.</summary>
    public bool IsResolved(Plan plan)
    {
        if (Run(plan.Algorithm, plan.Machines) is not { } run)
        {
            return false;
        }

        return (goal.Epsilon is { } e && run.FirstReaching(e) is not null) || run.Iterations >= Math.Max(1, plan.IterationLimit);
    }

    /// <summary>The planner's model of an algorithm, anchored on its runs; null (with a reason in <see cref="Problems"/>) when it cannot be fitted.</summary>
    public AlgorithmModel? Fit(string algorithm)
    {
        var runs = _runs.Values.Where(r => r.Algorithm == algorithm).OrderBy(r => r.Machines).ToList();
        var iterations = runs.Sum(r => r.Iterations);
        if (!_fits.TryGetValue(algorithm, out var fit) || fit.Iterations != iterations)
        {
            fit = Refit(algorithm, runs, iterations);
            _fits[algorithm] = fit;
        }

        return fit.Model;
    }

    /// <summary>Every algorithm's profile, for the report and the output.</summary>
    public IReadOnlyList<AlgorithmProfile> Profiles() => algorithms.Select(a =>
    {
        Fit(a);
        var fit = _fits[a];
        var runs = _runs.Values.Where(r => r.Algorithm == a).OrderBy(r => r.Machines)
            .Select(r => new ProfiledTrace(
                r.Machines,
                r.Iterations,
                r.Rows.Select(row => row.Suboptimality ?? double.NaN).ToArray(),
                r.Rows.Select(ProfileRun.ClusterSeconds).ToArray()))
            .ToList();
        return new AlgorithmProfile(a, SystemPointsWithRuns(a), fit.System, fit.Convergence, Problems.GetValueOrDefault(a), runs);
    }).ToList();

    /// <summary>Marks every recorded run finished.</summary>
    public void FinishRuns()
    {
        foreach (var writer in _writers)
        {
            writer.Finish("profiled");
            writer.Dispose();
        }

        _writers.Clear();
    }

    private (int, AlgorithmModel?, ConvergenceModel?, ErnestModel) Refit(string algorithm, List<ProfileRun> runs, int iterations)
    {
        var system = ErnestModel.Fit(SystemPointsWithRuns(algorithm), $"{algorithm} profiling");
        var observations = runs
            .SelectMany(r => r.Rows.Skip(1).Select(row => new ConvergenceObservation(r.Machines, row.Iteration, row.Suboptimality ?? double.NaN, ProfileRun.ClusterSeconds(row))))
            .ToList();
        try
        {
            var convergence = ConvergenceModel.Fit(algorithm, observations);
            var observed = runs.ToDictionary(r => r.Machines, r => r.Rows.Select(row => row.Suboptimality ?? double.NaN).ToArray());
            var anchored = AnchoredCurve.Create(convergence, observed, goal.MaxIterations);
            var planned = AlgorithmModel.FromModels(convergence, system);
            Problems.Remove(algorithm);
            return (iterations, new AlgorithmModel(algorithm, anchored, planned.SecondsPerIteration, planned.Log10Error, planned.SecondsRelativeError), convergence, system);
        }
        catch (HemingwayException e)
        {
            Problems[algorithm] = e.Message;
            return (iterations, null, null, system);
        }
    }

    private List<ErnestPoint> SystemPointsWithRuns(string algorithm) =>
    [
        .. systemPoints[algorithm],
        .. _runs.Values.Where(r => runsTimeTheSystem && r.Algorithm == algorithm && r.SecondsPerIteration is > 0)
            .Select(r => new ErnestPoint(r.Machines, 1.0, r.SecondsPerIteration!.Value)),
    ];
}
