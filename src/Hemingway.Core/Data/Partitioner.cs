namespace Hemingway.Core.Data;

/// <summary>
/// Seeded splits of a dataset's rows: shards for m workers, and subsamples for runs on a fraction of the data.
/// The same arguments always give the same rows, so every run of an experiment sees the same data.
/// </summary>
public static class Partitioner
{
    /// <summary>
    /// Splits rows 0..rows−1 into <paramref name="parts"/> shards: a seeded shuffle cut into contiguous blocks whose
    /// sizes differ by at most one (the first rows mod parts shards get the extra row). Every row is in exactly one
    /// shard. Each shard is sorted, so that copying its rows reads memory in order; which rows it holds is random.
    /// </summary>
    public static int[][] Partition(int rows, int parts, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, rows);
        var order = ShuffledPrefix(rows, rows, seed);
        var shards = new int[parts][];
        var start = 0;
        for (var k = 0; k < parts; k++)
        {
            var size = (rows / parts) + (k < rows % parts ? 1 : 0);
            shards[k] = order[start..(start + size)];
            Array.Sort(shards[k]);
            start += size;
        }

        return shards;
    }

    /// <summary>
    /// round(fraction · rows) distinct rows (at least one), sorted, for <paramref name="fraction"/> in (0, 1].
    /// With one seed, a smaller fraction's rows are a subset of a larger one's, so runs on growing fractions nest.
    /// </summary>
    public static int[] Subsample(int rows, double fraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in (0, 1].");
        }

        var count = (int)Math.Max(1, Math.Round(fraction * rows, MidpointRounding.AwayFromZero));
        var rowsKept = ShuffledPrefix(rows, count, seed);
        Array.Sort(rowsKept);
        return rowsKept;
    }

    /// <summary>
    /// The first <paramref name="count"/> entries of a Fisher–Yates shuffle of 0..rows−1 seeded with
    /// <paramref name="seed"/>. Step i draws from [i, rows), independent of count, so shorter prefixes are prefixes.
    /// </summary>
    private static int[] ShuffledPrefix(int rows, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var order = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, rows);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order[..count];
    }
}
