using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines.Simulation;
using Hemingway.Engines.Traces;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Engines.Tests.Runs;

public class EngineAgreementTests
{
    // A fixed cost model keeps these tests independent of this machine's calibration.
    private static readonly CostModel FixedCost = new(SecondsPerUnit: 2e-9, SecondsPerCall: 1e-6);

    private static RegularizedProblem Problem(string loss) =>
        new(RandomProblems.Sparse(1100, 12, 0.3, seed: 31, classification: loss != "squared"), LossCatalog.Parse(loss), 0.01);

    private static List<TraceRow> Run(IEngine engine, RegularizedProblem problem, string algorithm, int machines, int iterations)
    {
        var rows = new List<TraceRow>();
        new DistributedRunner(engine).Run(new RunRequest(problem, AlgorithmCatalog.Create(algorithm), machines, Seed: 4), new StopCriteria(MaxIterations: iterations), rows.Add);
        return rows;
    }

    [Theory]
    [InlineData("cocoa", "hinge")]
    [InlineData("cocoa+", "hinge")]
    [InlineData("minibatch-sgd", "hinge")]
    [InlineData("local-sgd", "logistic")]
    [InlineData("gd", "logistic")]
    [InlineData("lbfgs", "squared")]
    public void The_same_seeded_run_gives_the_same_iterates_on_inproc_and_sim(string algorithm, string loss)
    {
        var problem = Problem(loss);
        var inproc = Run(new InProcessEngine(), problem, algorithm, 5, 12);
        var measured = Run(new SimulatedEngine(ClusterPresets.Get("spark"), ComputeTiming.Measured, null), problem, algorithm, 5, 12);
        var modelled = Run(new SimulatedEngine(ClusterPresets.Get("spark"), ComputeTiming.CostModel, FixedCost), problem, algorithm, 5, 12);

        // Same workers, same sums in the same order: the objective values agree bit for bit.
        Assert.Equal(inproc.Select(r => r.Primal), measured.Select(r => r.Primal));
        Assert.Equal(inproc.Select(r => r.Primal), modelled.Select(r => r.Primal));
        Assert.All(inproc, r => Assert.Null(r.SimulatedSeconds));
        Assert.All(modelled.Skip(1), r => Assert.True(r.SimulatedSeconds > 0));
    }

    [Fact]
    public void Simulated_time_from_the_cost_model_is_identical_on_every_repeat()
    {
        var problem = Problem("hinge");
        var first = Run(new SimulatedEngine(ClusterPresets.Get("spark"), ComputeTiming.CostModel, FixedCost), problem, "cocoa+", 8, 10);
        var again = Run(new SimulatedEngine(ClusterPresets.Get("spark"), ComputeTiming.CostModel, FixedCost), problem, "cocoa+", 8, 10);
        Assert.Equal(first.Select(r => r.SimulatedSeconds), again.Select(r => r.SimulatedSeconds));

        // The clock is overhead + slowest compute + communication, with nothing measured.
        var clock = new ClusterClock(ClusterPresets.Get("spark"), seed: 0);
        var perRound = first[2].SimulatedSeconds - first[1].SimulatedSeconds;
        Assert.True(perRound >= clock.OverheadSeconds(8) + clock.CommunicationSeconds(8, 12 * sizeof(double), 12 * sizeof(double)));
    }

    [Fact]
    public void A_simulated_cluster_takes_a_thousand_machines_on_two_cores()
    {
        var problem = Problem("hinge");
        var rows = Run(new SimulatedEngine(ClusterPresets.Get("mpi-10g"), ComputeTiming.CostModel, FixedCost), problem, "cocoa+", 1024, 3);
        Assert.Equal(4, rows.Count);
        Assert.True(rows[^1].Primal < rows[0].Primal);
        Assert.Equal(3L * 1024 * (12 + 12) * sizeof(double), rows[^1].Bytes);
    }
}
