using System.Globalization;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Objectives;
using Hemingway.Engines;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Planning;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Advisor.Profiling;

/// <summary>
/// Profiles cheaply, fits, and plans. Three stages, all paid in cluster seconds (the simulated clock on a simulated
/// cluster) against one budget:
/// <list type="number">
/// <item><description>
/// System: every algorithm is timed for a few iterations at the points of Ernest's experiment design (few machines,
/// small data fractions; <see cref="SystemProfiler"/>) and Ernest's model is fitted per algorithm. Without an explicit
/// budget, the budget is then <see cref="ProfileOptions.DefaultBudgetShare"/> of what the exhaustive sweep could cost
/// by that model.
/// </description></item>
/// <item><description>
/// Convergence: every algorithm runs on the full data on the machine counts of <see cref="ConvergenceDesign"/>, each for
/// the same few iterations. Their times join the system model's points (at fraction 1).
/// </description></item>
/// <item><description>
/// Refinement: fit the convergence models, anchor them on the runs (<see cref="AnchoredCurve"/>), plan, and find the
/// plans that could still be the best — those whose optimistic bound beats the recommendation's pessimistic one. The
/// most promising of them has its run extended (doubled, or started), and the loop repeats until no plan is in doubt,
/// every doubtful one has been run to its goal or limit, or the budget is spent. A plan run to its goal is measured,
/// not predicted.
/// </description></item>
/// </list>
/// Runs are the same runs a sweep would make (same engine, seed and partition), so a profiling run extended to ε has
/// exactly the sweep's trace.
/// </summary>
public sealed class Profiler
{
    private readonly RegularizedProblem _problem;
    private readonly double _optimalPrimal;
    private readonly Func<IEngine> _createEngine;
    private readonly IRunRecorder? _recorder;
    private readonly Action<string>? _progress;
    private readonly ISystemTimer? _timer;

    /// <summary>
    /// A profiler for one problem whose optimum P* is known; <paramref name="createEngine"/> gives a fresh engine per run.
    /// The system models are timed on that engine too, unless <paramref name="timer"/> times them elsewhere (real
    /// processes): the convergence runs, whose iterates are the same on every engine, then only give the convergence models.
    /// </summary>
    public Profiler(
        RegularizedProblem problem, double optimalPrimal, Func<IEngine> createEngine, IRunRecorder? recorder = null, Action<string>? progress = null, ISystemTimer? timer = null)
    {
        _problem = problem;
        _optimalPrimal = optimalPrimal;
        _createEngine = createEngine;
        _recorder = recorder;
        _progress = progress;
        _timer = timer;
    }

    /// <summary>Profiles, fits and plans; cancellation ends profiling early and plans on what was measured.</summary>
    public Advice Advise(ProfileOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var goal = options.Goal;
        var algorithms = options.Algorithms.Select(name => AlgorithmCatalog.Create(name, options.Settings)).ToList();
        foreach (var algorithm in algorithms)
        {
            algorithm.CheckLoss(_problem.Loss);
        }

        // Stage 1: the system models.
        var timer = _timer ?? SystemProfiler.OnEngine(_createEngine, options.Settings, options.Seed, "the runs' engine");
        var (systemPoints, systemSeconds) = TimeSystem(timer, algorithms, goal, cancellation);
        var systemModels = systemPoints.ToDictionary(p => p.Key, p => ErnestModel.Fit(p.Value, $"{p.Key} profiling"));
        var designMachines = ConvergenceDesign.Machines(goal.Machines.Where(m => m <= _problem.Rows).ToList());
        var perRound = algorithms.Sum(a => designMachines.Sum(m => Math.Max(systemModels[a.Name].Predict(m, 1.0), 0)));
        var budget = Budget(options, algorithms, systemModels, systemSeconds, perRound, designMachines.Count);

        // Stage 2: the first convergence runs, the least profiling does: every algorithm on every design count.
        var state = new RefinementState(algorithms.Select(a => a.Name).ToList(), systemPoints, goal, options.Seed, timer.SharesClockWithRuns);
        var initial = ConvergenceDesign.InitialIterations(budget - systemSeconds, perRound, designMachines.Count);
        foreach (var (algorithm, m) in from a in algorithms from m in designMachines select (a, m))
        {
            if (!cancellation.IsCancellationRequested)
            {
                _progress?.Invoke($"profiling {algorithm.Name} on {m} machines: {initial} iterations");
                Extend(state, algorithm, m, initial, double.PositiveInfinity, cancellation);
            }
        }

        // Stage 3: refine where the plans are close.
        var steps = new List<string>();
        while (true)
        {
            var (result, _) = Plan(state, goal);
            var next = cancellation.IsCancellationRequested ? null : NextToRefine(state, result);
            var left = budget - systemSeconds - state.Seconds;
            if (next is null || left < next.SecondsPerIteration)
            {
                return Finish(state, result, budget, systemSeconds, steps, timer);
            }

            var algorithm = algorithms.First(a => a.Name == next.Algorithm);
            var run = state.Run(next.Algorithm, next.Machines);
            var current = run?.Iterations ?? 0;
            var target = Math.Min(next.IterationLimit, Math.Max(2 * current, current + initial));
            _progress?.Invoke($"refining {next.Algorithm} on {next.Machines} machines: iterations {current} → {target}");
            Extend(state, algorithm, next.Machines, target, left, cancellation);
            var extended = state.Run(next.Algorithm, next.Machines)!;
            steps.Add(string.Create(CultureInfo.InvariantCulture,
                $"{next.Algorithm} on {next.Machines} machine{(next.Machines == 1 ? "" : "s")}: {current} → {extended.Iterations} iterations, P − P* = {extended.Last.Suboptimality:0.###e+0}"));
            if (extended.Iterations == current)
            {
                return Finish(state, Plan(state, goal).Result, budget, systemSeconds, steps, timer);
            }
        }
    }

    /// <summary>Stage 1: every algorithm timed at the points of Ernest's design (at least three machine counts, so its four coefficients are determined).</summary>
    private (Dictionary<string, List<ErnestPoint>> Points, double Seconds) TimeSystem(
        ISystemTimer timer, List<IDistributedAlgorithm> algorithms, PlanningGoal goal, CancellationToken cancellation)
    {
        var design = SystemProfiler.Design(_problem.Rows, Math.Max(goal.Machines[^1], 4), timer.Parts.MinParts, timer.Parts.MaxParts);
        var points = new Dictionary<string, List<ErnestPoint>>();
        var seconds = 0.0;
        foreach (var algorithm in algorithms)
        {
            _progress?.Invoke($"timing {algorithm.Name} at {design.Count} (machines, data fraction) points of Ernest's design on {timer.Description}");
            var (measured, spent) = timer.Measure(_problem, algorithm.Name, design, cancellation);
            points[algorithm.Name] = measured;
            seconds += spent;
        }

        return (points, seconds);
    }

    /// <summary>
    /// The budget: the one given, or the default share of the sweep's bound (at least a few times the least profiling);
    /// a budget below the least profiling — the system's timing and the first runs — is refused with that least.
    /// </summary>
    private static double Budget(
        ProfileOptions options, List<IDistributedAlgorithm> algorithms, Dictionary<string, ErnestModel> systemModels, double systemSeconds, double perRound, int machineCounts)
    {
        var goal = options.Goal;
        var least = systemSeconds + (ConvergenceDesign.MinInitialIterations * perRound);
        var sweepBound = algorithms.Sum(a => goal.Machines.Sum(m => systemModels[a.Name].Predict(m, 1.0))) * goal.MaxIterations;
        var budget = options.BudgetSeconds ?? Math.Max(ProfileOptions.DefaultBudgetShare * sweepBound, ProfileOptions.LeastBudgetMultiple * least);
        if (budget < least)
        {
            throw new HemingwayException(string.Create(CultureInfo.InvariantCulture,
                $"a profiling budget of {budget:0.##} s is below the least profiling needs here, about {least:0.##} s: timing the system took {systemSeconds:0.##} s, and " +
                $"{ConvergenceDesign.MinInitialIterations} iterations of every algorithm on {machineCounts} machine counts take about {ConvergenceDesign.MinInitialIterations * perRound:0.##} s"));
        }

        return budget;
    }

    private void Extend(RefinementState state, IDistributedAlgorithm algorithm, int machines, int iterations, double secondsAllowed, CancellationToken cancellation)
    {
        var run = state.Run(algorithm.Name, machines);
        if (run is null)
        {
            var session = new BspSession(new RunRequest(_problem, algorithm, machines, state.Seed), _createEngine());
            var writer = _recorder?.Begin(algorithm.Name, algorithm.Parameters, machines, 1.0, "profile");
            run = new ProfileRun(algorithm.Name, machines, 1.0, session, _optimalPrimal, writer is null ? null : writer.Append);
            state.Add(run, writer);
        }

        var epsilon = state.Goal.Epsilon;
        bool Reached(TraceRow row) => epsilon is { } e && row.Suboptimality <= e;
        if (state.RunsTimeTheSystem)
        {
            state.Spend(run.Extend(iterations, secondsAllowed, Reached, cancellation));
            return;
        }

        // The runs' clock is not the system model's (real processes time the system): an iteration costs what f(m) says.
        var perIteration = state.SecondsPerIteration(algorithm.Name, machines);
        var affordable = double.IsPositiveInfinity(secondsAllowed) ? iterations : run.Iterations + (int)Math.Floor(secondsAllowed / perIteration);
        var before = run.Iterations;
        run.Extend(Math.Min(iterations, affordable), double.PositiveInfinity, Reached, cancellation);
        state.Spend((run.Iterations - before) * perIteration);
    }

    private static (PlanningResult Result, List<AlgorithmModel> Models) Plan(RefinementState state, PlanningGoal goal)
    {
        var models = new List<AlgorithmModel>();
        foreach (var name in state.Algorithms)
        {
            if (state.Fit(name) is { } model)
            {
                models.Add(model);
            }
        }

        if (models.Count == 0)
        {
            throw new HemingwayException(
                "no algorithm could be modelled from the profiling runs (" + string.Join("; ", state.Problems.Values) + "); raise --budget");
        }

        return (Planner.Plan(models, goal), models);
    }

    /// <summary>The plan to profile further: the most promising of those that could still beat the recommendation.</summary>
    private static Plan? NextToRefine(RefinementState state, PlanningResult result)
    {
        var best = result.Recommendation ?? result.BestAlternative ?? result.Plans[0];
        foreach (var plan in result.Plans)
        {
            if (state.IsResolved(plan))
            {
                continue;
            }

            if (plan == best || CouldBeat(plan, best, state, result.Goal))
            {
                return plan;
            }
        }

        return null;
    }

    private static bool CouldBeat(Plan plan, Plan best, RefinementState state, PlanningGoal goal)
    {
        var bestMeasured = state.IsResolved(best);
        if (goal.Epsilon is not null && best.MeetsGoal)
        {
            var bound = goal.Optimize == PlanningObjective.Cost
                ? (bestMeasured ? best.PredictedCost : best.PessimisticCost)
                : (bestMeasured ? best.PredictedSeconds : best.PessimisticSeconds);
            var optimistic = goal.Optimize == PlanningObjective.Cost ? plan.OptimisticCost : plan.OptimisticSeconds;
            return optimistic is { } o && bound is { } b && o < b;
        }

        var bestLoss = bestMeasured ? best.PredictedSuboptimality : best.PessimisticSuboptimality;
        return plan.OptimisticSuboptimality is { } low && bestLoss is { } high && low < high;
    }

    private static Advice Finish(RefinementState state, PlanningResult result, double budget, double systemSeconds, List<string> steps, ISystemTimer timer)
    {
        state.FinishRuns();
        var measured = result.Plans.Where(p => p.MeetsGoal && state.IsResolved(p)).Select(p => (p.Algorithm, p.Machines)).ToHashSet();
        Plan Settle(Plan p) => measured.Contains((p.Algorithm, p.Machines)) ? Exact(p, state.Run(p.Algorithm, p.Machines)!, result.Goal, timer.SharesClockWithRuns) : p;
        var plans = result.Plans.Select(Settle).ToList();
        var recommendation = result.Recommendation is { } r ? Settle(r) : null;
        var planning = result with { Plans = plans, Recommendation = recommendation };
        return new Advice(planning, state.Profiles(), budget, systemSeconds, state.Seconds, steps, measured, timer.Description);
    }

    /// <summary>
    /// A plan whose run reached its goal: its numbers are the run's (its time too when the run's clock is the system
    /// model's; else the iterations are measured and priced by the system model), and its bounds collapse onto them.
    /// </summary>
    private static Plan Exact(Plan plan, ProfileRun run, PlanningGoal goal, bool runClockIsSystemClock)
    {
        var end = run.Rows[Math.Min(plan.PredictedIterations ?? run.Iterations, run.Iterations)];
        var seconds = runClockIsSystemClock ? ProfileRun.ClusterSeconds(end) : end.Iteration * plan.SecondsPerIteration;
        double? cost = goal.PricePerMachineHour is { } price ? plan.Machines * seconds * price / 3600 : null;
        return plan with
        {
            PredictedIterations = end.Iteration,
            OptimisticIterations = end.Iteration,
            PessimisticIterations = end.Iteration,
            PredictedSeconds = seconds,
            OptimisticSeconds = seconds,
            PessimisticSeconds = seconds,
            PredictedSuboptimality = end.Suboptimality,
            OptimisticSuboptimality = end.Suboptimality,
            PessimisticSuboptimality = end.Suboptimality,
            PredictedCost = cost,
            OptimisticCost = cost,
            PessimisticCost = cost,
        };
    }
}
