using Hemingway.Core.Losses;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// A distributed optimization algorithm written as bulk-synchronous rounds: a driver and m workers. It knows nothing of
/// engines; every engine runs it the same way, so the same seed gives the same iterates everywhere.
/// </summary>
public interface IDistributedAlgorithm
{
    /// <summary>The name used on the command line and in traces.</summary>
    string Name { get; }

    /// <summary>The algorithm's parameters as text, for traces ("H=1,beta=1").</summary>
    string Parameters { get; }

    /// <summary>True when the workers keep dual variables consistent with w, so a duality gap can be reported and targeted.</summary>
    bool HasDual { get; }

    /// <summary>Throws a <see cref="Core.HemingwayException"/> saying why, when the algorithm cannot minimise this loss.</summary>
    void CheckLoss(ILoss loss);

    /// <summary>Creates the driver, holding the model w.</summary>
    IDriver CreateDriver(ProblemShape shape);

    /// <summary>Creates a worker on its shard, holding whatever local state the algorithm keeps (such as dual variables).</summary>
    IWorker CreateWorker(Shard shard);
}
