namespace Hemingway.Algorithms.Distributed;

/// <summary>One shard's sums, added over shards to evaluate the objective without gathering the data.</summary>
/// <param name="LossSum">Σ φ(y_i, x_i·w) over the shard.</param>
/// <param name="GapSum">Σ of the Fenchel–Young gaps φ(a_i) − ψ(α_i) + α_i a_i over the shard, NaN for methods without a dual.</param>
public readonly record struct ShardObjective(double LossSum, double GapSum)
{
    /// <summary>The sum of two shards' parts.</summary>
    public static ShardObjective operator +(ShardObjective a, ShardObjective b) => new(a.LossSum + b.LossSum, a.GapSum + b.GapSum);
}
