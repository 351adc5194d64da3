using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core.Data;
using Hemingway.Mpi;

namespace Hemingway.Cli.Runs;

/// <summary>
/// Everything about a training run except the algorithm and the number of machines, as the options gave it;
/// <see cref="Mpi"/> says how to start mpirun for <c>--engine mpi</c> (null on the other engines), and
/// <see cref="TestDataSpec"/> names the test set whose error every iteration records (null for none).
/// </summary>
internal sealed record TrainingSettings(
    string DataSpec,
    DatasetLoadOptions LoadOptions,
    double Fraction,
    string Loss,
    double Lambda,
    StopCriteria Stop,
    int Seed,
    string Engine,
    string Cluster,
    string Compute,
    AlgorithmSettings Algorithm,
    bool Shrinking,
    bool WithOptimum,
    string StorePath,
    MpiLaunchOptions? Mpi = null,
    string? TestDataSpec = null)
{
    /// <summary>
    /// The canonical description of one run of a sweep: two runs with the same key compute the same thing, so a
    /// resumed sweep can skip a key that already finished.
    /// </summary>
    public string ConfigKey(string algorithm, int machines) => string.Join(
        ';',
        $"data={DataSpec}",
        $"features={LoadOptions.Features}",
        $"positive={LoadOptions.PositiveClass}",
        $"label={LoadOptions.LabelColumn}",
        $"fraction={Fraction:R}",
        $"loss={Loss}",
        $"lambda={Lambda:R}",
        $"algorithm={algorithm}",
        $"settings={Algorithm}",
        $"shrinking={Shrinking}",
        $"machines={machines}",
        $"engine={Engine}{(Mpi is null ? "" : $",transport={Mpi.Transport},hostfile={Mpi.Hostfile}")}",
        $"cluster={Cluster}",
        $"compute={Compute}",
        $"seed={Seed}",
        $"stop={Stop with { OptimalPrimal = null }}{(TestDataSpec is null ? "" : $";test={TestDataSpec}")}");
}
