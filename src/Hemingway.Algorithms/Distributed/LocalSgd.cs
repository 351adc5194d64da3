using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// Local SGD, or model averaging: each round every worker runs H Pegasos steps from the broadcast w on rows it samples
/// from its shard, and sends how far it moved; the driver averages the moves, w ← w + β/m Σ_k (w_k − w). As in the CoCoA
/// reference, the step size η = 1/(λt) counts the steps of all m workers: step i of round r has t = (r − 1)·H·m + i.
/// </summary>
public sealed class LocalSgd : IDistributedAlgorithm
{
    private readonly double _localIterationFraction;
    private readonly double _beta;

    /// <summary>H per worker as a fraction of its shard (1 in the reference), and β (1).</summary>
    public LocalSgd(double localIterationFraction = 1.0, double beta = 1.0)
    {
        BatchSize.Check(localIterationFraction);
        _localIterationFraction = localIterationFraction;
        _beta = beta;
    }

    /// <inheritdoc/>
    public string Name => "local-sgd";

    /// <inheritdoc/>
    public string Parameters => $"H={AlgorithmText.Number(_localIterationFraction)}n_k,beta={AlgorithmText.Number(_beta)}";

    /// <inheritdoc/>
    public bool HasDual => false;

    /// <inheritdoc/>
    public void CheckLoss(ILoss loss)
    {
        // A (sub)gradient step works for every loss here.
    }

    /// <inheritdoc/>
    public IDriver CreateDriver(ProblemShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new AdditiveDriver(shape.Dimension, _beta / shape.Workers);
    }

    /// <inheritdoc/>
    public IWorker CreateWorker(Shard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return new Worker(shard, BatchSize.Of(_localIterationFraction, shard.Data.Rows));
    }

    /// <summary>
    /// Keeps its local model as w_k = s·u, so the (1 − ηλ) shrink of every step costs one multiplication instead of a
    /// pass over all d coordinates; u absorbs s again when s gets small.
    /// </summary>
    private sealed class Worker(Shard shard, int steps) : IWorker
    {
        private SubtractiveRandom _random = shard.CreateRandom();
        private double[] _u = [];

        public Span<double> RowState => [];

        public long Compute(int round, ReadOnlySpan<double> broadcast, Span<double> message)
        {
            if (_u.Length != broadcast.Length)
            {
                _u = new double[broadcast.Length];
            }

            broadcast.CopyTo(_u);
            double s = 1;
            var x = shard.Data.Features;
            long work = 0;
            long t = ((long)(round - 1) * steps * shard.Workers) + 1;
            for (var step = 0; step < steps; step++, t++)
            {
                var i = _random.Next(x.Rows);
                var indices = x.RowIndices(i);
                var values = x.RowValues(i);
                work += indices.Length;
                var eta = 1.0 / (shard.Lambda * t);
                var derivative = shard.Loss.Derivative(shard.Data.Labels[i], s * SparseKernels.Dot(indices, values, _u));
                s *= 1 - (eta * shard.Lambda);
                if (s < 1e-9)
                {
                    // The first Pegasos step (t = 1) shrinks w to zero exactly; otherwise fold s back into u.
                    if (s == 0)
                    {
                        Array.Clear(_u);
                    }
                    else
                    {
                        foreach (ref var value in _u.AsSpan())
                        {
                            value *= s;
                        }
                    }

                    s = 1;
                }

                if (derivative != 0)
                {
                    SparseKernels.Axpy(-eta * derivative / s, indices, values, _u);
                }
            }

            for (var j = 0; j < message.Length; j++)
            {
                message[j] = (s * _u[j]) - broadcast[j];
            }

            return work;
        }

        public ShardObjective Evaluate(ReadOnlySpan<double> w) => new(ObjectiveSums.Loss(shard.Data, shard.Loss, w), double.NaN);

        // The local model u is rebuilt from the broadcast every round: the stream is all that carries over.
        public void SaveStream(BinaryWriter writer) => _random.Write(writer);

        public void RestoreStream(BinaryReader reader) => _random = SubtractiveRandom.Read(reader);
    }
}
