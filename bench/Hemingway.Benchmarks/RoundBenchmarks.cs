using BenchmarkDotNet.Attributes;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines;

namespace Hemingway.Benchmarks;

/// <summary>
/// One CoCoA+ round on MNIST digit 5 (hinge, λ = 1e-4) on the in-process engine, with one and with two workers: the
/// Ratio column is the two-worker round time over the one-worker round time, the Allocated column what a round allocates.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class RoundBenchmarks
{
    private BspSession _oneMachine = null!;
    private BspSession _twoMachines = null!;

    [GlobalSetup]
    public void Setup()
    {
        var problem = new RegularizedProblem(DatasetSpec.Load("mnist:5"), new HingeLoss(), 1e-4);
        _oneMachine = Start(problem, 1);
        _twoMachines = Start(problem, 2);
    }

    [Benchmark(Baseline = true)]
    public void CoCoAPlusRoundOnOneMachine() => _oneMachine.Step();

    [Benchmark]
    public void CoCoAPlusRoundOnTwoMachines() => _twoMachines.Step();

    private static BspSession Start(RegularizedProblem problem, int machines)
    {
        var session = new BspSession(new RunRequest(problem, AlgorithmCatalog.Create("cocoa+"), machines), new InProcessEngine());

        // The first rounds move most dual variables; measure settled rounds, as in a long run.
        for (var i = 0; i < 5; i++)
        {
            session.Step();
        }

        return session;
    }
}
