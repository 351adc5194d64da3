namespace Hemingway.Algorithms.Distributed;

/// <summary>One worker of a bulk-synchronous algorithm: computes its message from the broadcast, on its shard only.</summary>
public interface IWorker
{
    /// <summary>
    /// What the worker keeps for each row of its shard between rounds, in shard order: CoCoA's dual variables α; empty
    /// for methods that keep nothing per row. A checkpoint stores it by global row, and a resumed run writes it back here,
    /// on any partition, before the first round.
    /// </summary>
    Span<double> RowState { get; }

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

    /// <summary>
    /// Writes what the worker keeps besides <see cref="RowState"/>: its random stream and its place in it (such as a
    /// permutation being walked). It only means something to a worker on the same shard, so a run resumed on the same
    /// partition restores it (<see cref="RestoreStream"/>) and one resumed on another partition starts fresh streams.
    /// </summary>
    void SaveStream(BinaryWriter writer);

    /// <summary>Restores what <see cref="SaveStream"/> wrote, on a worker created on the same shard.</summary>
    /// <exception cref="InvalidDataException">The bytes were not written by such a worker.</exception>
    void RestoreStream(BinaryReader reader);
}
