using FsCheck;
using FsCheck.Fluent;
using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class PartitionerTests
{
    private static readonly Gen<(int Rows, int Parts, int Seed)> Splits =
        from rows in Gen.Choose(1, 500)
        from parts in Gen.Choose(1, rows)
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        select (rows, parts, seed);

    [Fact]
    public void Every_row_is_in_exactly_one_shard()
    {
        Prop.ForAll(Splits.ToArbitrary(), s =>
        {
            var all = Partitioner.Partition(s.Rows, s.Parts, s.Seed).SelectMany(shard => shard).Order();
            return all.SequenceEqual(Enumerable.Range(0, s.Rows));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Shard_sizes_differ_by_at_most_one_and_shards_are_sorted()
    {
        Prop.ForAll(Splits.ToArbitrary(), s =>
        {
            var shards = Partitioner.Partition(s.Rows, s.Parts, s.Seed);
            var sizes = shards.Select(shard => shard.Length).ToArray();
            return shards.Length == s.Parts
                && sizes.Max() - sizes.Min() <= 1
                && shards.All(shard => shard.SequenceEqual(shard.Order()));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_same_seed_gives_the_same_shards()
    {
        Prop.ForAll(Splits.ToArbitrary(), s =>
        {
            var a = Partitioner.Partition(s.Rows, s.Parts, s.Seed);
            var b = Partitioner.Partition(s.Rows, s.Parts, s.Seed);
            return a.Zip(b).All(pair => pair.First.SequenceEqual(pair.Second));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Different_seeds_give_different_shards()
    {
        // With 50+ rows in 2+ parts, two seeds agreeing by chance has probability below 1 / C(50, 25) ≈ 8e-15.
        var sizes =
            from rows in Gen.Choose(50, 2000)
            from parts in Gen.Choose(2, 16)
            from seed in Gen.Choose(int.MinValue, int.MaxValue - 1)
            from delta in Gen.Choose(1, 1000)
            select (rows, parts, seed, other: (int)Math.Min(int.MaxValue, (long)seed + delta));
        Prop.ForAll(sizes.ToArbitrary(), s =>
        {
            var a = Partitioner.Partition(s.rows, s.parts, s.seed);
            var b = Partitioner.Partition(s.rows, s.parts, s.other);
            return !a.Zip(b).All(pair => pair.First.SequenceEqual(pair.Second));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_first_shards_take_the_remainder_rows()
    {
        Assert.Equal([4, 3, 3], Partitioner.Partition(10, 3, seed: 0).Select(s => s.Length));
        Assert.Equal([[0]], Partitioner.Partition(1, 1, seed: 5));
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, -1)]
    [InlineData(10, 11)]
    [InlineData(0, 1)]
    public void Rejects_impossible_part_counts(int rows, int parts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Partitioner.Partition(rows, parts, 0));
    }

    [Fact]
    public void A_subsample_has_the_rounded_size_and_distinct_sorted_rows()
    {
        var cases =
            from rows in Gen.Choose(1, 3000)
            from permille in Gen.Choose(1, 1000)
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            select (rows, fraction: permille / 1000.0, seed);
        Prop.ForAll(cases.ToArbitrary(), s =>
        {
            var sample = Partitioner.Subsample(s.rows, s.fraction, s.seed);
            var expected = Math.Max(1, (int)Math.Round(s.fraction * s.rows, MidpointRounding.AwayFromZero));
            return sample.Length == expected
                && sample.All(r => r >= 0 && r < s.rows)
                && sample.Zip(sample.Skip(1)).All(pair => pair.First < pair.Second)
                && sample.SequenceEqual(Partitioner.Subsample(s.rows, s.fraction, s.seed));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Smaller_fractions_with_one_seed_are_subsets_of_larger_ones()
    {
        var cases =
            from rows in Gen.Choose(1, 3000)
            from a in Gen.Choose(1, 1000)
            from b in Gen.Choose(1, 1000)
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            select (rows, small: Math.Min(a, b) / 1000.0, large: Math.Max(a, b) / 1000.0, seed);
        Prop.ForAll(cases.ToArbitrary(), s =>
            Partitioner.Subsample(s.rows, s.small, s.seed).ToHashSet()
                .IsSubsetOf(Partitioner.Subsample(s.rows, s.large, s.seed))).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Subsample_edge_sizes()
    {
        Assert.Equal(Enumerable.Range(0, 7), Partitioner.Subsample(7, 1.0, seed: 3));
        Assert.Single(Partitioner.Subsample(1000, 1e-9, seed: 3));
        Assert.Equal(5, Partitioner.Subsample(10, 0.45, seed: 3).Length); // 4.5 rounds up
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    public void Rejects_fractions_outside_zero_to_one(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Partitioner.Subsample(100, fraction, 0));
    }
}
