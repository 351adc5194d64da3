using Hemingway.Core;

namespace Hemingway.Algorithms.Distributed;

/// <summary>H, the local steps (or samples) per round, given as a fraction of the worker's shard as in the CoCoA reference.</summary>
internal static class BatchSize
{
    public static void Check(double fraction)
    {
        if (!(fraction > 0) || double.IsInfinity(fraction))
        {
            throw new HemingwayException($"the local iteration fraction must be > 0, got {AlgorithmText.Number(fraction)}");
        }
    }

    public static int Of(double fraction, int shardRows) =>
        (int)Math.Max(1, Math.Round(fraction * shardRows, MidpointRounding.AwayFromZero));
}
