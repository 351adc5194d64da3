namespace Hemingway.Algorithms.Distributed;

/// <summary>One worker of a bulk-synchronous algorithm: computes its message from the broadcast, on its shard only.</summary>
public interface IWorker
{
    /// <summary>
    /// The local step of a round: reads the driver's broadcast and writes this worker's message, which the engine
    /// sums over workers. Returns the work done, in nonzeros touched, for the simulated cluster's cost model.
    /// </summary>
    /// <param name="round">The round number, from 1.</param>
    /// <param name="broadcast">The driver's broadcast (<see cref="IDriver.Broadcast"/>).</param>
    /// <param name="message">Where to write the message (<see cref="IDriver.MessageLength"/> values).</param>
    long Compute(int round, ReadOnlySpan<double> broadcast, Span<double> message);

    /// <summary>This shard's part of the objective at <paramref name="w"/>, for the engine's evaluation.</summary>
    ShardObjective Evaluate(ReadOnlySpan<double> w);
}
