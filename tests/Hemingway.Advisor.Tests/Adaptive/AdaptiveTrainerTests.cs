using Hemingway.Advisor.Adaptive;
using Hemingway.Advisor.Profiling;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Algorithms.Optimum;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.Planning;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Advisor.Tests.Adaptive;

/// <summary>
/// The adaptive trainer on a tiny seeded problem on the simulated Spark cluster with a fixed cost model, where many
/// machines are a poor choice (every iteration pays the cluster's per-task overheads, and CoCoA needs more iterations
/// on more machines). Started there, it must move to fewer machines, keep the run consistent, and beat staying put.
/// </summary>
public class AdaptiveTrainerTests
{
    private const double Epsilon = 1e-4;

    private static readonly int[] Machines = [1, 2, 4, 8, 16];

    private static readonly RegularizedProblem Problem = new(RandomProblems.Sparse(400, 10, 0.5, seed: 11), LossCatalog.Parse("hinge"), 1e-2);

    private static readonly double OptimalPrimal = OptimumOracle.Solve(Problem).Primal;

    private static readonly CostModel FixedCost = new(SecondsPerUnit: 2e-8, SecondsPerCall: 1e-5);

    private static readonly ProfileOptions Options =
        new(["cocoa"], new AlgorithmSettings(), new PlanningGoal(Machines, epsilon: Epsilon, maxIterations: 2000), Seed: 0, BudgetSeconds: 40);

    private static readonly Lazy<Advice> Profiled = new(() => new Profiler(Problem, OptimalPrimal, CreateEngine).Advise(Options, TestContext.Current.CancellationToken));

    [Fact]
    public void Without_replanning_the_trainer_runs_the_plan_exactly_as_a_run_would()
    {
        var start = Profiled.Value.Planning.Plans.Single(p => p.Machines == 16);

        var fixedRun = Trainer().Run(Profiled.Value, Options, replan: false, start, TestContext.Current.CancellationToken);
        var rows = Reference(16);

        Assert.Equal(rows[^1].Suboptimality <= Epsilon, fixedRun.ReachedGoal);
        Assert.Empty(fixedRun.Switches);
        Assert.Equal(rows[^1].Iteration, fixedRun.Iterations);
        Assert.Equal(rows[^1].SimulatedSeconds!.Value, fixedRun.Seconds, 1e-12);
    }

    [Fact]
    public void Started_on_too_many_machines_it_moves_to_fewer_and_reaches_epsilon_sooner_than_staying()
    {
        var start = Profiled.Value.Planning.Plans.Single(p => p.Machines == 16);

        var adaptive = Trainer().Run(Profiled.Value, Options, replan: true, start, TestContext.Current.CancellationToken);
        var stayed = Reference(16)[^1];
        Assert.True(stayed.Suboptimality <= Epsilon, $"staying on 16 machines must reach ε too for the comparison: {stayed.Suboptimality} after {stayed.Iteration}");

        Assert.True(adaptive.ReachedGoal, $"stopped at P − P* = {adaptive.Suboptimality} after {adaptive.Iterations} iterations");
        Assert.NotEmpty(adaptive.Switches);
        Assert.True(adaptive.Switches[0].ToMachines < 16, $"first switch went to {adaptive.Switches[0].ToMachines} machines");
        Assert.True(
            adaptive.Seconds < stayed.SimulatedSeconds!.Value,
            $"adaptive took {adaptive.Seconds} s, staying on 16 machines {stayed.SimulatedSeconds} s; switches: " +
            string.Join("; ", adaptive.Switches.Select(s => $"{s.FromMachines}→{s.ToMachines} at {s.Iteration}: {s.Reason}")));
    }

    [Fact]
    public void The_trace_continues_across_switches_and_every_row_says_its_machines()
    {
        var start = Profiled.Value.Planning.Plans.Single(p => p.Machines == 16);

        var adaptive = Trainer().Run(Profiled.Value, Options, replan: true, start, TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, adaptive.Iterations + 1), adaptive.Trace.Select(t => t.Iteration));
        Assert.True(adaptive.Trace.Zip(adaptive.Trace.Skip(1)).All(p => p.Second.Seconds > p.First.Seconds), "the clock must run forward across switches");
        foreach (var s in adaptive.Switches)
        {
            Assert.Equal(s.FromMachines, adaptive.Trace[s.Iteration].Machines);
            Assert.Equal(s.ToMachines, adaptive.Trace[s.Iteration + 1].Machines);
        }
    }

    private static AdaptiveTrainer Trainer() => new(Problem, OptimalPrimal, CreateEngine);

    private static SimulatedEngine CreateEngine() => new(ClusterPresets.Get(ClusterPresets.Spark), ComputeTiming.CostModel, FixedCost);

    /// <summary>The plain run on m machines to ε, as <c>run</c> and <c>sweep</c> make it.</summary>
    private static List<TraceRow> Reference(int machines)
    {
        var rows = new List<TraceRow>();
        new DistributedRunner(CreateEngine()).Run(
            new RunRequest(Problem, AlgorithmCatalog.Create("cocoa"), machines, Seed: 0),
            new StopCriteria(MaxIterations: 2000, TargetSuboptimality: Epsilon, OptimalPrimal: OptimalPrimal),
            rows.Add,
            TestContext.Current.CancellationToken);
        return rows;
    }
}
