using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Algorithms.Optimum;
using Hemingway.Algorithms.Sdca;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines.Traces;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Engines.Tests.Runs;

public class DistributedRunnerTests
{
    private static RegularizedProblem Problem(string loss, int rows = 400, int seed = 21) =>
        new(RandomProblems.Sparse(rows, 15, 0.3, seed, classification: loss != "squared"), LossCatalog.Parse(loss), 0.01);

    private static List<TraceRow> Run(RunRequest request, StopCriteria stop, IEngine? engine = null)
    {
        var rows = new List<TraceRow>();
        new DistributedRunner(engine ?? new InProcessEngine()).Run(request, stop, rows.Add);
        return rows;
    }

    [Theory]
    [InlineData("hinge", false)]
    [InlineData("hinge", true)]
    [InlineData("logistic", false)]
    [InlineData("squared", true)]
    public void CoCoA_on_one_machine_is_SDCA_iterate_for_iterate(string loss, bool adding)
    {
        var problem = Problem(loss);
        var sdca = new List<IterationRecord>();
        new SdcaSolver(problem, new SdcaOptions(Seed: 5, Shrinking: false)).Solve(new StopCriteria(MaxIterations: 25), sdca.Add);
        var cocoa = Run(new RunRequest(problem, new CoCoA(adding), 1, Seed: 5), new StopCriteria(MaxIterations: 25));

        Assert.Equal(sdca.Count, cocoa.Count);
        for (var k = 0; k < sdca.Count; k++)
        {
            // The same steps in the same order; only w + (v − w) versus v differs, by rounding.
            Assert.Equal(sdca[k].Primal, cocoa[k].Primal, 1e-12);
            Assert.Equal(sdca[k].Dual, cocoa[k].Dual!.Value, 1e-12);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CoCoA_gap_is_never_negative_and_reaches_the_optimum(bool adding)
    {
        var problem = Problem("hinge");
        var optimum = OptimumOracle.Solve(problem).Primal;
        var rows = Run(new RunRequest(problem, new CoCoA(adding), 4, Seed: 1),
            new StopCriteria(MaxIterations: 3000, TargetSuboptimality: 1e-9 * optimum, OptimalPrimal: optimum));

        Assert.All(rows, r => Assert.True(r.Gap >= 0, $"negative gap {r.Gap} at iteration {r.Iteration}"));
        Assert.All(rows, r => Assert.True(r.Primal >= optimum - (1e-12 * optimum)));
        Assert.True(rows[^1].Suboptimality <= 1e-9 * optimum, $"stopped at sub-optimality {rows[^1].Suboptimality}");
    }

    [Theory]
    [InlineData("gd", "logistic")]
    [InlineData("lbfgs", "logistic")]
    [InlineData("gd", "squared")]
    [InlineData("lbfgs", "squared")]
    public void Full_gradient_methods_reach_the_optimum_of_smooth_losses(string algorithm, string loss)
    {
        // Both converge linearly on a strongly convex smooth objective: 1e-9 relative is within a few hundred steps.
        var problem = Problem(loss);
        var optimum = OptimumOracle.Solve(problem).Primal;
        var rows = Run(new RunRequest(problem, AlgorithmCatalog.Create(algorithm), 3, Seed: 2),
            new StopCriteria(MaxIterations: 2000, TargetSuboptimality: 1e-9 * Math.Abs(optimum), OptimalPrimal: optimum));

        Assert.True(rows[^1].Suboptimality <= 1e-9 * Math.Abs(optimum), $"{algorithm} stopped at sub-optimality {rows[^1].Suboptimality:E2} after {rows[^1].Iteration}");
        for (var k = 1; k < rows.Count; k++)
        {
            Assert.True(rows[k].Primal <= rows[k - 1].Primal + 1e-15, "a line search step increased the objective");
        }
    }

    [Theory]
    [InlineData("minibatch-sgd")]
    [InlineData("local-sgd")]
    public void Sgd_methods_approach_the_optimum(string algorithm)
    {
        // Pegasos converges as O(1/(λt)): after 300 rounds on this problem it is within a few percent, not at 1e-9.
        var problem = Problem("hinge");
        var optimum = OptimumOracle.Solve(problem).Primal;
        var rows = Run(new RunRequest(problem, AlgorithmCatalog.Create(algorithm), 4, Seed: 3), new StopCriteria(MaxIterations: 300, OptimalPrimal: optimum));

        var early = rows[5].Suboptimality!.Value;
        var late = rows[^1].Suboptimality!.Value;
        Assert.True(late < early / 5, $"{algorithm}: sub-optimality {early:E2} at round 5, {late:E2} at round 300");
        Assert.True(late < 0.05 * optimum, $"{algorithm}: relative sub-optimality {late / optimum:E2} after 300 rounds");
        Assert.All(rows, r => Assert.Null(r.Gap));
    }

    [Fact]
    public void Seeded_runs_repeat_exactly_and_the_partition_depends_on_the_seed()
    {
        var problem = Problem("hinge");
        var first = Run(new RunRequest(problem, new CoCoA(adding: true), 3, Seed: 9), new StopCriteria(MaxIterations: 10));
        var again = Run(new RunRequest(problem, new CoCoA(adding: true), 3, Seed: 9), new StopCriteria(MaxIterations: 10));
        var other = Run(new RunRequest(problem, new CoCoA(adding: true), 3, Seed: 10), new StopCriteria(MaxIterations: 10));

        Assert.Equal(first.Select(r => r.Primal), again.Select(r => r.Primal));
        Assert.NotEqual(first[^1].Primal, other[^1].Primal);
    }

    [Fact]
    public void Bytes_count_the_broadcast_and_the_messages_of_every_worker()
    {
        var problem = Problem("hinge");
        var rows = Run(new RunRequest(problem, new CoCoA(adding: false), 4), new StopCriteria(MaxIterations: 3));
        var perRound = 4L * (15 + 15) * sizeof(double);
        Assert.Equal([0, perRound, 2 * perRound, 3 * perRound], rows.Select(r => r.Bytes));

        var single = Run(new RunRequest(problem, new CoCoA(adding: false), 1), new StopCriteria(MaxIterations: 3));
        Assert.All(single, r => Assert.Equal(0, r.Bytes));
    }

    [Fact]
    public void Bad_requests_say_what_is_wrong()
    {
        var problem = Problem("hinge", rows: 50);
        var stop = new StopCriteria(MaxIterations: 1);
        Assert.Contains("between 1 and the number of rows (50), got 0",
            Assert.Throws<HemingwayException>(() => DistributedRunner.Validate(new RunRequest(problem, new CoCoA(false), 0), stop)).Message, StringComparison.Ordinal);
        Assert.Contains("got 51",
            Assert.Throws<HemingwayException>(() => DistributedRunner.Validate(new RunRequest(problem, new CoCoA(false), 51), stop)).Message, StringComparison.Ordinal);
        Assert.Contains("smooth loss",
            Assert.Throws<HemingwayException>(() => DistributedRunner.Validate(new RunRequest(problem, AlgorithmCatalog.Create("lbfgs"), 2), stop)).Message, StringComparison.Ordinal);
        Assert.Contains("no duality gap",
            Assert.Throws<HemingwayException>(() => new DistributedRunner(new InProcessEngine()).Run(
                new RunRequest(problem, AlgorithmCatalog.Create("minibatch-sgd"), 2), new StopCriteria(TargetRelativeGap: 1e-3))).Message, StringComparison.Ordinal);
    }
}
