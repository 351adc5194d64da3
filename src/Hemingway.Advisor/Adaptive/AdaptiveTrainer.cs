using System.Globalization;
using Hemingway.Advisor.Profiling;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Objectives;
using Hemingway.Engines;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Planning;

namespace Hemingway.Advisor.Adaptive;

/// <summary>
/// Runs a plan and re-plans as it goes (the paper's Figure 2): the run proceeds in time frames; after each frame the
/// convergence model is refitted on the profiling runs plus this run, and for every candidate m the planner's
/// <see cref="Planner.RemainingIterations"/> gives the iterations still needed from the current sub-optimality to ε —
/// or, where profiling ran that m all the way to ε, its trace does.
/// When another m, one on which profiling measured the algorithm at least as far down as the run now is, is predicted to
/// finish at least <see cref="SwitchMargin"/> sooner than staying, the run checkpoints
/// and continues on that m from the checkpoint (CoCoA's dual variables move with their rows, so w = w(α) still
/// holds; see <see cref="RunCheckpoint"/>). The algorithm itself is kept: a warm start of another algorithm from w
/// alone would lose the dual state of the CoCoA family, and the profiling already chose the algorithm.
/// <para>
/// An iteration after a switch is not the same as that iteration of a run started on the new m, so its observation
/// enters the refit at its equivalent place on the new m's curve: the iteration at which the model reaches the
/// sub-optimality the run had when it switched, plus the iterations since.
/// </para>
/// </summary>
public sealed class AdaptiveTrainer
{
    /// <summary>Another m must be predicted this much faster than staying (by time left) before the run moves.</summary>
    public const double SwitchMargin = 0.10;

    /// <summary>Frames per predicted run: the run re-plans about this many times if nothing changes.</summary>
    public const int FramesPerRun = 10;

    /// <summary>The fewest iterations of a frame.</summary>
    public const int MinFrameIterations = 5;

    private readonly RegularizedProblem _problem;
    private readonly double _optimalPrimal;
    private readonly Func<IEngine> _createEngine;
    private readonly IRunRecorder? _recorder;
    private readonly Action<string>? _progress;

    /// <summary>A trainer for one problem whose optimum P* is known; <paramref name="createEngine"/> gives a fresh engine per segment.</summary>
    public AdaptiveTrainer(RegularizedProblem problem, double optimalPrimal, Func<IEngine> createEngine, IRunRecorder? recorder = null, Action<string>? progress = null)
    {
        _problem = problem;
        _optimalPrimal = optimalPrimal;
        _createEngine = createEngine;
        _recorder = recorder;
        _progress = progress;
    }

    /// <summary>
    /// Runs the advice's recommendation (or <paramref name="start"/>) to ε, re-planning m after every frame when
    /// <paramref name="replan"/> (else it is the fixed plan, run in the same frames).
    /// </summary>
    public AdaptiveOutcome Run(Profiling.Advice advice, ProfileOptions options, bool replan = true, Plan? start = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(options);
        var goal = options.Goal;
        var epsilon = goal.Epsilon ?? throw new HemingwayException("an adaptive run needs a target sub-optimality ε to re-plan for");
        var plan = start ?? advice.Planning.Recommendation ?? throw new HemingwayException(
            "no plan is predicted to reach the goal, so there is nothing to run adaptively: " + advice.Planning.Explanation);
        var profile = advice.Algorithms.FirstOrDefault(a => a.Algorithm == plan.Algorithm)
            ?? throw new HemingwayException($"{plan.Algorithm} was not profiled");
        var algorithm = AlgorithmCatalog.Create(plan.Algorithm, options.Settings);
        var profiled = profile.Runs.SelectMany(r => r.Observations()).ToList();
        var adaptive = new List<ConvergenceObservation>();
        var frameSeconds = Math.Max((plan.PredictedSeconds ?? plan.SecondsPerIteration * goal.MaxIterations) / FramesPerRun, MinFrameIterations * plan.SecondsPerIteration);

        var machines = plan.Machines;
        var session = new BspSession(new RunRequest(_problem, algorithm, machines, options.Seed), _createEngine());
        var segment = new Segment(this, algorithm, machines, equivalentStart: 0, startIteration: 0);
        var trace = new List<(int, double, double, int)>();
        var switches = new List<MachineSwitch>();
        var runIds = new List<string>();
        var row = segment.Record(session.Evaluate(_optimalPrimal), trace);
        var frames = 0;
        while (row.Suboptimality > epsilon && row.Iteration < goal.MaxIterations && !cancellation.IsCancellationRequested)
        {
            frames++;
            var frameEnd = Clock(row) + frameSeconds;
            while (Clock(row) < frameEnd && row.Suboptimality > epsilon && row.Iteration < goal.MaxIterations && !cancellation.IsCancellationRequested)
            {
                session.Step();
                row = segment.Record(session.Evaluate(_optimalPrimal), trace);
                adaptive.Add(new ConvergenceObservation(machines, segment.EquivalentIteration(row.Iteration), row.Suboptimality ?? double.NaN, Clock(row)));
            }

            if (row.Suboptimality <= epsilon || row.Iteration >= goal.MaxIterations || cancellation.IsCancellationRequested)
            {
                break;
            }

            if (!replan)
            {
                continue;
            }

            var choice = Replan(profile, [.. profiled, .. adaptive], row, machines, goal);
            _progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"adaptive {plan.Algorithm}: iteration {row.Iteration}, P − P* = {row.Suboptimality:0.##e+0}, on {machines} machines; {choice.Reason}"));
            if (choice.Machines == machines)
            {
                continue;
            }

            var checkpoint = session.Checkpoint();
            runIds.Add(segment.Finish("switched"));
            switches.Add(new MachineSwitch(row.Iteration, Clock(row), row.Suboptimality!.Value, machines, choice.Machines, choice.Reason));
            machines = choice.Machines;
            session = new BspSession(new RunRequest(_problem, algorithm, machines, options.Seed), _createEngine(), checkpoint);
            segment = new Segment(this, algorithm, machines, choice.EquivalentStart, row.Iteration);
        }

        var reached = row.Suboptimality <= epsilon;
        runIds.Add(segment.Finish(reached ? "target_suboptimality" : cancellation.IsCancellationRequested ? "cancelled" : "iteration_limit"));
        return new AdaptiveOutcome(plan.Algorithm, plan.Machines, reached, row.Iteration, Clock(row), row.Suboptimality ?? double.NaN, frames, switches, trace, runIds);
    }

    private static double Clock(TraceRow row) => ProfileRun.ClusterSeconds(row);


    /// <summary>Refits g and picks the m with the least predicted time left (staying unless another is <see cref="SwitchMargin"/> faster).</summary>
    private static (int Machines, int EquivalentStart, string Reason) Replan(
        AlgorithmProfile profile, List<ConvergenceObservation> observations, TraceRow row, int machines, PlanningGoal goal)
    {
        ConvergenceModel model;
        try
        {
            model = ConvergenceModel.Fit(profile.Algorithm, observations);
        }
        catch (HemingwayException e)
        {
            return (machines, 0, $"staying: the model could not be refitted ({e.Message})");
        }

        var planned = AlgorithmModel.FromModels(model, profile.System);
        var current = row.Suboptimality!.Value;
        var left = goal.MaxIterations - row.Iteration;
        var options = new List<(int Machines, double Seconds, int Equivalent)>();
        foreach (var m in goal.Machines.Where(m => m == machines || ObservedDownTo(profile, m, current)))
        {
            var equivalent = model.IterationsToReach(current, m, goal.MaxIterations) ?? 1;
            if (MeasuredRemaining(profile, m, current, goal.Epsilon!.Value) is { } measured)
            {
                options.Add((m, measured * planned.SecondsPerIteration(m), equivalent));
            }
            else if (Planner.RemainingIterations(planned, current, goal.Epsilon!.Value, m, left) is { } remaining)
            {
                options.Add((m, remaining * planned.SecondsPerIteration(m), equivalent));
            }
        }

        var stay = options.FirstOrDefault(o => o.Machines == machines);
        if (options.Count == 0)
        {
            return (machines, 0, "staying: no m is predicted to reach ε within the iteration limit");
        }

        var best = options.MinBy(o => o.Seconds);
        if (stay.Machines == machines && best.Seconds >= (1 - SwitchMargin) * stay.Seconds)
        {
            return (machines, 0, string.Create(CultureInfo.InvariantCulture, $"staying: {stay.Seconds:0.#} s predicted to ε here, best elsewhere {best.Seconds:0.#} s on {best.Machines}"));
        }

        var here = stay.Machines == machines ? string.Create(CultureInfo.InvariantCulture, $"{stay.Seconds:0.#} s") : "not reaching ε";
        return (best.Machines, best.Equivalent, string.Create(CultureInfo.InvariantCulture,
            $"moving to {best.Machines} machines: {best.Seconds:0.#} s predicted to ε there, {here} on {machines}"));
    }

    /// <summary>
    /// True when profiling saw the algorithm on m machines get down to <paramref name="suboptimality"/>: a move is made
    /// only to an m whose behaviour at the run's current level was measured, not extrapolated from a few early iterations
    /// (which, for a slowly converging tail, flatter a machine count the profiling barely ran).
    /// </summary>
    private static bool ObservedDownTo(AlgorithmProfile profile, int machines, double suboptimality) =>
        profile.Runs.Any(r => r.Machines == machines && r.Suboptimality.Skip(1).Any(s => s <= suboptimality));

    /// <summary>
    /// Where profiling ran m machines all the way to ε, the iterations its trace took from the run's current level to ε
    /// (measured where measured, as in planning: a profiled plan is known, not predicted); else null.
    /// </summary>
    private static int? MeasuredRemaining(AlgorithmProfile profile, int machines, double suboptimality, double epsilon)
    {
        var trace = profile.Runs.FirstOrDefault(r => r.Machines == machines)?.Suboptimality ?? [];
        int? from = null;
        for (var i = 1; i < trace.Count; i++)
        {
            from ??= trace[i] <= suboptimality ? i : null;
            if (from is { } start && trace[i] <= epsilon)
            {
                return i - start;
            }
        }

        return null;
    }

    /// <summary>One stretch of the run on one m, recorded as its own run in the store.</summary>
    private sealed class Segment(AdaptiveTrainer trainer, IDistributedAlgorithm algorithm, int machines, int equivalentStart, int startIteration)
    {
        private readonly IRunWriter? _writer = trainer._recorder?.Begin(algorithm.Name, $"{algorithm.Parameters},adaptive-from={startIteration}", machines, 1.0, "adaptive");

        public int EquivalentIteration(int iteration) => startIteration == 0 ? iteration : equivalentStart + (iteration - startIteration);

        public TraceRow Record(TraceRow row, List<(int, double, double, int)> trace)
        {
            _writer?.Append(row);
            trace.Add((row.Iteration, Clock(row), row.Suboptimality ?? double.NaN, machines));
            return row;
        }

        public string Finish(string reason)
        {
            if (_writer is null)
            {
                return "";
            }

            _writer.Finish(reason);
            _writer.Dispose();
            return _writer.RunId;
        }
    }
}
