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
public sealed record Shard(Dataset Data, int Index, int Workers, int TotalRows, ILoss Loss, double Lambda, int Seed)
{
    /// <summary>This worker's random stream: worker 0 uses the run's seed itself, so one worker replays single-machine SDCA.</summary>
    public Random CreateRandom() => new(unchecked(Seed + (Index * 7919)));
}
