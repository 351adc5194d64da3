using Hemingway.Advisor.Profiling;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Algorithms.Optimum;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Planning;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Advisor.Tests.Profiling;

/// <summary>
/// The profiler end to end on a tiny seeded problem (400 rows, 10 features, hinge loss) on the simulated Spark cluster
/// with a fixed cost model, so every clock is deterministic and independent of this machine. Timing the system models
/// costs about 7.7 cluster seconds here; the budgets below leave the convergence stage a few seconds more.
/// </summary>
public class ProfilerTests
{
    private static readonly int[] Machines = [1, 2, 4, 8, 16];

    private static readonly string[] Algorithms = ["cocoa", "cocoa+", "minibatch-sgd"];

    private static readonly RegularizedProblem Problem = new(RandomProblems.Sparse(400, 10, 0.5, seed: 11), LossCatalog.Parse("hinge"), 1e-2);

    private static readonly double OptimalPrimal = OptimumOracle.Solve(Problem).Primal;

    private static readonly CostModel FixedCost = new(SecondsPerUnit: 2e-8, SecondsPerCall: 1e-5);

    [Fact]
    public void A_budget_below_the_least_profiling_is_refused_with_the_least_it_needs()
    {
        // The least: timing the system (7.7 s) and 5 iterations of every algorithm on every design count (about 4.8 s).
        var error = Assert.Throws<HemingwayException>(() => Advise(new PlanningGoal(Machines, epsilon: 1e-6, maxIterations: 500), budget: 12));

        Assert.Contains("below the least profiling needs here, about 12.48 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(14.0)]
    [InlineData(20.0)]
    public void Profiling_spends_no_more_than_the_budget_and_one_iteration(double budget)
    {
        // ε = 1e-6 is out of the profiling runs' reach, so the budget, not the goal, ends profiling.
        var advice = Advise(new PlanningGoal(Machines, epsilon: 1e-6, maxIterations: 500), budget);

        Assert.Equal(budget, advice.BudgetSeconds);
        Assert.True(advice.SystemSeconds < budget, $"timing the system took {advice.SystemSeconds} s, not less than the budget {budget} s");
        var longest = LongestIteration(advice);
        Assert.True(
            advice.ProfilingSeconds <= budget + longest,
            $"profiling spent {advice.ProfilingSeconds} s (system {advice.SystemSeconds} s, convergence {advice.ConvergenceSeconds} s) " +
            $"of a {budget} s budget; the longest iteration took {longest} s\n{Runs(advice)}");
        AssertConvergenceSecondsAreTheRunsClocks(advice);
    }

    [Fact]
    public void The_default_budget_is_respected_too()
    {
        var advice = Advise(new PlanningGoal(Machines, epsilon: 1e-6, maxIterations: 500), budget: null);

        Assert.True(advice.BudgetSeconds > 0 && double.IsFinite(advice.BudgetSeconds), $"default budget {advice.BudgetSeconds}");
        Assert.True(
            advice.ProfilingSeconds <= advice.BudgetSeconds + LongestIteration(advice),
            $"profiling spent {advice.ProfilingSeconds} s of a {advice.BudgetSeconds} s budget\n{Runs(advice)}");
        AssertConvergenceSecondsAreTheRunsClocks(advice);
    }

    [Fact]
    public void Plans_run_to_epsilon_while_profiling_carry_their_runs_numbers()
    {
        const double epsilon = 1e-3;
        var advice = Advise(new PlanningGoal(Machines, epsilon: epsilon, maxIterations: 500), budget: 20);

        Assert.True(advice.Measured.Count > 0, $"no plan was run to ε = {epsilon} while profiling\n{Runs(advice)}");
        foreach (var (algorithm, machines) in advice.Measured)
        {
            var plan = advice.Planning.Plans.Single(p => p.Algorithm == algorithm && p.Machines == machines);
            var run = advice.Algorithms.Single(a => a.Algorithm == algorithm).Runs.Single(r => r.Machines == machines);
            var first = Enumerable.Range(0, run.Iterations + 1).First(i => run.Suboptimality[i] <= epsilon);
            Assert.True(plan.MeetsGoal, $"{algorithm} on {machines}: measured but not meeting the goal");
            Assert.Equal(first, plan.PredictedIterations);
            Assert.Equal(run.Seconds[first], plan.PredictedSeconds);
            Assert.Equal(run.Suboptimality[first], plan.PredictedSuboptimality);
            Assert.Equal((plan.PredictedSeconds, plan.PredictedSeconds), (plan.OptimisticSeconds, plan.PessimisticSeconds));
            Assert.Equal((first, first), (plan.OptimisticIterations, plan.PessimisticIterations));
        }

        // A measured plan is never beaten, in the ranking, by a slower measured plan.
        var measured = advice.Planning.Plans.Where(p => advice.Measured.Contains((p.Algorithm, p.Machines))).ToList();
        Assert.Equal(measured.OrderBy(p => p.PredictedSeconds).Select(p => p.PredictedSeconds), measured.Select(p => p.PredictedSeconds));
    }

    [Fact]
    public void Profiling_runs_are_the_runs_a_plain_run_makes()
    {
        // Same problem, algorithm, m, seed and engine: the runner that `run` and `sweep` use must give the same trace.
        var advice = Advise(new PlanningGoal(Machines, epsilon: 1e-3, maxIterations: 500), budget: 20);
        var compared = 0;
        foreach (var profile in advice.Algorithms)
        {
            foreach (var run in profile.Runs.Where(r => r.Iterations >= 3))
            {
                var rows = new List<TraceRow>();
                var request = new RunRequest(Problem, AlgorithmCatalog.Create(profile.Algorithm, new AlgorithmSettings()), run.Machines, Seed: 0);
                new DistributedRunner(CreateEngine()).Run(
                    request, new StopCriteria(MaxIterations: run.Iterations, OptimalPrimal: OptimalPrimal), rows.Add, TestContext.Current.CancellationToken);

                Assert.Equal(run.Iterations + 1, rows.Count);
                for (var i = 0; i <= run.Iterations; i++)
                {
                    Assert.Equal(rows[i].Suboptimality!.Value, run.Suboptimality[i], 1e-14);
                    Assert.Equal(rows[i].SimulatedSeconds!.Value, run.Seconds[i], 1e-12);
                }

                compared++;
            }
        }

        Assert.True(compared >= Algorithms.Length, $"only {compared} profiling runs had 3 iterations or more\n{Runs(advice)}");
    }

    private static SimulatedEngine CreateEngine() => new(ClusterPresets.Get(ClusterPresets.Spark), ComputeTiming.CostModel, FixedCost);

    private static Advice Advise(PlanningGoal goal, double? budget)
    {
        var profiler = new Profiler(Problem, OptimalPrimal, CreateEngine);
        var options = new ProfileOptions(Algorithms, new AlgorithmSettings(), goal, Seed: 0, BudgetSeconds: budget);
        return profiler.Advise(options, TestContext.Current.CancellationToken);
    }

    /// <summary>The convergence stage's seconds are the sum of its runs' own clocks.</summary>
    private static void AssertConvergenceSecondsAreTheRunsClocks(Advice advice)
    {
        var sum = advice.Algorithms.SelectMany(a => a.Runs).Sum(r => r.Seconds[^1]);
        Assert.Equal(sum, advice.ConvergenceSeconds, 1e-9 * Math.Max(1, sum));
        Assert.All(advice.Algorithms.SelectMany(a => a.Runs), r => Assert.InRange(r.Iterations, 0, advice.Planning.Goal.MaxIterations));
    }

    /// <summary>The longest single iteration of any full-data profiling run, from the runs' own clocks.</summary>
    private static double LongestIteration(Advice advice) => advice.Algorithms
        .SelectMany(a => a.Runs)
        .SelectMany(r => Enumerable.Range(1, r.Iterations).Select(i => r.Seconds[i] - r.Seconds[i - 1]))
        .DefaultIfEmpty(0)
        .Max();

    private static string Runs(Advice advice) => string.Join('\n', advice.Algorithms.SelectMany(a => a.Runs.Select(r =>
        $"  {a.Algorithm} on {r.Machines}: {r.Iterations} iterations, {r.Seconds[^1]:0.###} s, P − P* = {r.Suboptimality[^1]:0.###e+0}")));
}
