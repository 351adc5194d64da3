namespace Hemingway.Engines.Traces;

/// <summary>
/// What a run was: the part of every trace row that does not change between iterations.
/// </summary>
/// <param name="RunId">Unique id of the run (a short random hex string, or the id an imported trace brought).</param>
/// <param name="Dataset">The dataset spec or path ("mnist:5").</param>
/// <param name="Loss">"hinge", "logistic" or "squared".</param>
/// <param name="Lambda">λ.</param>
/// <param name="Algorithm">"cocoa", "cocoa+", "minibatch-sgd", "local-sgd", "gd", "lbfgs" or "sdca".</param>
/// <param name="Parameters">The algorithm's parameters as text ("H=1n_k,beta=1").</param>
/// <param name="Engine">"inproc", "sim", "mpi", or what an imported trace says ("spark").</param>
/// <param name="Cluster">The simulated cluster preset with any overrides ("spark"), empty for real engines.</param>
/// <param name="Machines">m.</param>
/// <param name="DataFraction">The fraction of the dataset's rows used (1 for all).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="OptimalPrimal">P*, when known, so sub-optimality can be recomputed.</param>
/// <param name="Started">When the run started.</param>
public sealed record RunInfo(
    string RunId,
    string Dataset,
    string Loss,
    double Lambda,
    string Algorithm,
    string Parameters,
    string Engine,
    string Cluster,
    int Machines,
    double DataFraction,
    int Seed,
    double? OptimalPrimal,
    DateTimeOffset Started);
