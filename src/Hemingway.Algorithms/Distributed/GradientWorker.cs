using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// A worker of the full-gradient methods: at the broadcast point it sends Σ φ'(y_i, x_i·w) x_i over its shard,
/// followed by Σ φ(y_i, x_i·w), so the driver gets the objective and its gradient in one allreduce.
/// </summary>
internal sealed class GradientWorker(Shard shard) : IWorker
{
    public Span<double> RowState => [];

    public long Compute(int round, ReadOnlySpan<double> broadcast, Span<double> message)
    {
        var gradient = message[..^1];
        gradient.Clear();
        var x = shard.Data.Features;
        var loss = new CompensatedSum();
        for (var i = 0; i < x.Rows; i++)
        {
            var indices = x.RowIndices(i);
            var values = x.RowValues(i);
            var margin = SparseKernels.Dot(indices, values, broadcast);
            var y = shard.Data.Labels[i];
            loss.Add(shard.Loss.Value(y, margin));
            var derivative = shard.Loss.Derivative(y, margin);
            if (derivative != 0)
            {
                SparseKernels.Axpy(derivative, indices, values, gradient);
            }
        }

        message[^1] = loss.Value;
        return x.NonZeros;
    }

    public ShardObjective Evaluate(ReadOnlySpan<double> w) => new(ObjectiveSums.Loss(shard.Data, shard.Loss, w), double.NaN);

    public void SaveStream(BinaryWriter writer)
    {
        // Deterministic: nothing carries over between rounds.
    }

    public void RestoreStream(BinaryReader reader)
    {
    }
}
