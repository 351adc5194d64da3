using Hemingway.Core.Data;
using Hemingway.Core.Losses;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// What one worker holds: its rows of the data and the problem's global constants. A worker never sees other rows,
/// so the same worker code runs in a thread, in a simulated cluster, or in its own process.
/// </summary>
/// <param name="Data">This worker's rows.</param>
/// <param name="Index">This worker's number k in 0 .. Workers − 1.</param>
/// <param name="Workers">The number of workers m.</param>
/// <param name="TotalRows">n, the rows of the whole dataset (the objective averages over all of them).</param>
/// <param name="Loss">The loss φ.</param>
/// <param name="Lambda">The regularisation λ.</param>
/// <param name="Seed">The run's seed; each worker derives its own random stream from it.</param>
/// <param name="ResumedAt">
/// 0 for a run from the start; the iteration a run resumed at on a new partition, whose workers draw fresh streams.
/// </param>
public sealed record Shard(Dataset Data, int Index, int Workers, int TotalRows, ILoss Loss, double Lambda, int Seed, int ResumedAt = 0)
{
    /// <summary>
    /// This worker's random stream: from the start, that of <c>new Random(seed + 7919 k)</c>, so worker 0 uses the run's
    /// seed itself and one worker replays single-machine SDCA; after resuming on a new partition, a stream derived from
    /// the seed, the iteration and k (see <see cref="SubtractiveRandom.Derived"/>).
    /// </summary>
    public SubtractiveRandom CreateRandom() => ResumedAt == 0
        ? new SubtractiveRandom(unchecked(Seed + (Index * 7919)))
        : SubtractiveRandom.Derived(Seed, ResumedAt, Index);
}
