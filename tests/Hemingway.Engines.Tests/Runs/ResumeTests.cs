using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Algorithms.Optimum;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Engines.Tests.Runs;

/// <summary>
/// Checkpoints and resuming: on the same m a resumed run is the uninterrupted run bit for bit, for every algorithm and
/// on both engines; on another m, CoCoA's w stays w(α) recomputed from the re-partitioned dual variables, its gap stays
/// non-negative, and every method still reaches the oracle's optimum.
/// </summary>
public class ResumeTests
{
    private const int Machines = 3;
    private const int Total = 20;
    private const int Interrupted = 8;

    // A fixed cost model keeps the simulated clock independent of this machine's calibration.
    private static readonly CostModel FixedCost = new(SecondsPerUnit: 2e-9, SecondsPerCall: 1e-6);

    public static TheoryData<string, string> Algorithms => new()
    {
        { "cocoa", "hinge" },
        { "cocoa+", "hinge" },
        { "cocoa+", "logistic" },
        { "minibatch-sgd", "hinge" },
        { "local-sgd", "logistic" },
        { "gd", "logistic" },
        { "lbfgs", "squared" },
    };

    private static RegularizedProblem Problem(string loss, int rows = 400, int seed = 21) =>
        new(RandomProblems.Sparse(rows, 15, 0.3, seed, classification: loss != "squared"), LossCatalog.Parse(loss), 0.01);

    private static SimulatedEngine Simulated() =>
        new(ClusterSpec.Parse("spark,straggler-probability=0.2"), ComputeTiming.CostModel, FixedCost, seed: 3);

    /// <summary>Runs to <paramref name="iterations"/> and returns the rows and every checkpoint saved, each through its bytes.</summary>
    private static (List<TraceRow> Rows, List<RunCheckpoint> Checkpoints, RunOutcome Outcome) Run(
        IEngine engine, RunRequest request, int iterations, RunCheckpoint? resumeFrom = null, int checkpointEvery = 0, double? optimum = null, double? target = null)
    {
        var rows = new List<TraceRow>();
        var checkpoints = new List<RunCheckpoint>();
        var outcome = new DistributedRunner(engine).Run(
            request,
            new StopCriteria(MaxIterations: iterations, TargetSuboptimality: target, OptimalPrimal: optimum),
            rows.Add,
            default,
            resumeFrom,
            c => checkpoints.Add(RunCheckpoint.Deserialize(c.Serialize())),
            checkpointEvery);
        return (rows, checkpoints, outcome);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void On_the_same_machines_a_resumed_run_is_the_uninterrupted_run_bit_for_bit(string algorithm, string loss)
    {
        foreach (var engine in new Func<IEngine>[] { () => new InProcessEngine(), Simulated })
        {
            var problem = Problem(loss);
            var request = new RunRequest(problem, AlgorithmCatalog.Create(algorithm), Machines, Seed: 5);
            var whole = Run(engine(), request, Total);
            var first = Run(engine(), request, Interrupted, checkpointEvery: 4);
            Assert.Equal([4, 8], first.Checkpoints.Select(c => c.Iteration));
            var checkpoint = first.Checkpoints[^1];
            var rest = Run(engine(), request, Total, resumeFrom: checkpoint);

            Assert.Equal(Enumerable.Range(Interrupted, Total - Interrupted + 1), rest.Rows.Select(r => r.Iteration));
            foreach (var row in rest.Rows)
            {
                var expected = whole.Rows[row.Iteration];
                Assert.Equal(Bits(expected.Primal), Bits(row.Primal));
                Assert.Equal(expected.Dual.HasValue, row.Dual.HasValue);
                Assert.Equal(Bits(expected.Dual ?? 0), Bits(row.Dual ?? 0));
                Assert.Equal(expected.Bytes, row.Bytes);
                Assert.Equal(expected.SimulatedSeconds, row.SimulatedSeconds);
            }

            Assert.Equal(whole.Outcome.Weights.Select(Bits), rest.Outcome.Weights.Select(Bits));
            Assert.Equal(first.Rows[^1].WallSeconds, checkpoint.Clocks.WallSeconds);
            Assert.True(rest.Rows[^1].WallSeconds >= checkpoint.Clocks.WallSeconds, "the wall clock continues from the checkpoint");
        }
    }

    [Theory]
    [InlineData(false, 4, 2)]
    [InlineData(true, 4, 2)]
    [InlineData(true, 2, 5)]
    [InlineData(false, 3, 1)]
    public void On_other_machines_CoCoA_keeps_w_equal_to_w_of_alpha_and_reaches_the_optimum(bool adding, int before, int after)
    {
        var problem = Problem("hinge");
        var optimum = OptimumOracle.Solve(problem).Primal;
        var algorithm = new CoCoA(adding);
        var first = Run(new InProcessEngine(), new RunRequest(problem, algorithm, before, Seed: 1), 10, checkpointEvery: 10);
        var checkpoint = Assert.Single(first.Checkpoints);
        AssertConsistent(problem, checkpoint);

        var target = 1e-9 * optimum;
        var rest = Run(new InProcessEngine(), new RunRequest(problem, algorithm, after, Seed: 1), 3000, checkpoint, checkpointEvery: 7, optimum, target);

        // The resumed run starts where the checkpoint left off: the same w, hence the same primal and gap.
        Assert.Equal(first.Rows[^1].Primal, rest.Rows[0].Primal, 1e-12);
        Assert.Equal(first.Rows[^1].Gap!.Value, rest.Rows[0].Gap!.Value, 1e-12);
        Assert.All(rest.Rows, r => Assert.True(r.Gap >= 0, $"negative gap {r.Gap} at iteration {r.Iteration}"));
        Assert.All(rest.Rows, r => Assert.True(r.Primal >= optimum - (1e-12 * optimum)));
        Assert.True(rest.Rows[^1].Suboptimality <= target, $"stopped at sub-optimality {rest.Rows[^1].Suboptimality} after {rest.Rows[^1].Iteration}");
        Assert.NotEmpty(rest.Checkpoints);
        Assert.All(rest.Checkpoints, c => AssertConsistent(problem, c));
        Assert.All(rest.Checkpoints, c => Assert.Equal(after, c.Machines));
    }

    [Theory]
    [InlineData("gd", "logistic")]
    [InlineData("lbfgs", "logistic")]
    [InlineData("lbfgs", "squared")]
    public void On_other_machines_full_gradient_methods_reach_the_optimum(string algorithm, string loss)
    {
        var problem = Problem(loss);
        var optimum = OptimumOracle.Solve(problem).Primal;
        var first = Run(new InProcessEngine(), new RunRequest(problem, AlgorithmCatalog.Create(algorithm), 3, Seed: 2), 6, checkpointEvery: 3);
        var target = 1e-9 * Math.Abs(optimum);
        var rest = Run(new InProcessEngine(), new RunRequest(problem, AlgorithmCatalog.Create(algorithm), 2, Seed: 2), 2000, first.Checkpoints[^1], optimum: optimum, target: target);

        Assert.Equal(6, rest.Rows[0].Iteration);
        Assert.True(rest.Rows[^1].Suboptimality <= target, $"{algorithm} stopped at sub-optimality {rest.Rows[^1].Suboptimality:E2} after {rest.Rows[^1].Iteration}");
        for (var k = 1; k < rest.Rows.Count; k++)
        {
            Assert.True(rest.Rows[k].Primal <= rest.Rows[k - 1].Primal + 1e-15, "a line search step increased the objective");
        }
    }

    [Theory]
    [InlineData("minibatch-sgd")]
    [InlineData("local-sgd")]
    public void On_other_machines_sgd_methods_keep_approaching_the_optimum(string algorithm)
    {
        var problem = Problem("hinge");
        var optimum = OptimumOracle.Solve(problem).Primal;
        var first = Run(new InProcessEngine(), new RunRequest(problem, AlgorithmCatalog.Create(algorithm), 4, Seed: 3), 30, checkpointEvery: 30, optimum: optimum);
        var rest = Run(new InProcessEngine(), new RunRequest(problem, AlgorithmCatalog.Create(algorithm), 2, Seed: 3), 300, first.Checkpoints[^1], optimum: optimum);

        var early = first.Rows[5].Suboptimality!.Value;
        var late = rest.Rows[^1].Suboptimality!.Value;
        Assert.True(late < early / 5, $"{algorithm}: sub-optimality {early:E2} at round 5, {late:E2} at round 300");
        Assert.True(late < 0.05 * optimum, $"{algorithm}: relative sub-optimality {late / optimum:E2} after 300 rounds");
    }

    [Fact]
    public void A_run_that_stops_saves_its_last_iteration_and_a_resumed_run_past_its_limit_takes_no_step()
    {
        var problem = Problem("hinge");
        var request = new RunRequest(problem, new CoCoA(adding: true), 2);
        var first = Run(new InProcessEngine(), request, 7, checkpointEvery: 3);
        Assert.Equal([3, 6, 7], first.Checkpoints.Select(c => c.Iteration));

        var again = Run(new InProcessEngine(), request, 7, first.Checkpoints[^1], checkpointEvery: 3);
        Assert.Equal(7, Assert.Single(again.Rows).Iteration);
        Assert.Equal(StopReason.IterationLimit, again.Outcome.Reason);
        Assert.Empty(again.Checkpoints);
    }

    [Fact]
    public void A_checkpoint_of_another_algorithm_other_data_or_damaged_is_refused()
    {
        var problem = Problem("hinge");
        var checkpoint = Run(new InProcessEngine(), new RunRequest(problem, new CoCoA(adding: true), 2), 2, checkpointEvery: 2).Checkpoints[^1];

        var other = Assert.Throws<HemingwayException>(() => new BspSession(new RunRequest(problem, new CoCoA(adding: false), 2), new InProcessEngine(), checkpoint));
        Assert.Contains("checkpoint is of cocoa+", other.Message, StringComparison.Ordinal);
        var smaller = Problem("hinge", rows: 300);
        var data = Assert.Throws<HemingwayException>(() => new BspSession(new RunRequest(smaller, new CoCoA(adding: true), 2), new InProcessEngine(), checkpoint));
        Assert.Contains("400 rows × 15 features; this data has 300 × 15", data.Message, StringComparison.Ordinal);

        var bytes = checkpoint.Serialize();
        Assert.Throws<HemingwayException>(() => RunCheckpoint.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<HemingwayException>(() => RunCheckpoint.Deserialize([.. bytes, 0]));
        bytes[0] ^= 0xFF;
        Assert.Contains("not a Hemingway checkpoint", Assert.Throws<HemingwayException>(() => RunCheckpoint.Deserialize(bytes)).Message, StringComparison.Ordinal);
        var state = checkpoint.AlgorithmState;
        var cut = new RunCheckpoint(checkpoint.Iteration, checkpoint.Weights, checkpoint.Clocks, checkpoint.Algorithm, checkpoint.Machines, state[..^3]);
        Assert.Throws<HemingwayException>(() => new BspSession(new RunRequest(problem, new CoCoA(adding: true), 2), new InProcessEngine(), cut));
    }

    /// <summary>w of the checkpoint against w(α) = 1/(λn) Σ α_i x_i recomputed from its dual variables, and D(α) ≤ P(w).</summary>
    private static void AssertConsistent(RegularizedProblem problem, RunCheckpoint checkpoint)
    {
        var alpha = SessionState.Decode(checkpoint.AlgorithmState).RowState;
        Assert.NotNull(alpha);
        var expected = new double[problem.Dimension];
        problem.PrimalFromDual(alpha, expected);
        var scale = Math.Sqrt(expected.Sum(v => v * v));
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.True(
                Math.Abs(checkpoint.Weights[j] - expected[j]) <= 1e-10 * scale,
                $"iteration {checkpoint.Iteration}: w[{j}] = {checkpoint.Weights[j]:R}, w(α)[{j}] = {expected[j]:R}");
        }

        Assert.True(problem.Dual(alpha, checkpoint.Weights) <= problem.Primal(checkpoint.Weights));
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
