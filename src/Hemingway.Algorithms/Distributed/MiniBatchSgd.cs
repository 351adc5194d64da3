using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// Mini-batch SGD with Pegasos steps (Shalev-Shwartz et al., 2007): each round every worker samples H of its rows
/// (uniformly, with replacement) and sends their mean loss derivative times x_i; the driver steps
/// w ← (1 − η_t λ) w − η_t β/m Σ_k g_k with η_t = 1/(λt). For the hinge loss this is the reference's
/// w ← (1 − η_t λ) w + η_t β/(mH) Σ_{y_i x_i·w &lt; 1} y_i x_i.
/// </summary>
public sealed class MiniBatchSgd : IDistributedAlgorithm
{
    private readonly double _batchFraction;
    private readonly double _beta;

    /// <summary>Batch size H per worker as a fraction of its shard (1 in the reference), and β (1).</summary>
    public MiniBatchSgd(double batchFraction = 1.0, double beta = 1.0)
    {
        BatchSize.Check(batchFraction);
        _batchFraction = batchFraction;
        _beta = beta;
    }

    /// <inheritdoc/>
    public string Name => "minibatch-sgd";

    /// <inheritdoc/>
    public string Parameters => $"H={AlgorithmText.Number(_batchFraction)}n_k,beta={AlgorithmText.Number(_beta)}";

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
        return new Driver(shape, _beta);
    }

    /// <inheritdoc/>
    public IWorker CreateWorker(Shard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return new Worker(shard, BatchSize.Of(_batchFraction, shard.Data.Rows));
    }

    private sealed class Driver(ProblemShape shape, double beta) : IDriver
    {
        private readonly double[] _w = new double[shape.Dimension];
        private int _round;

        public ReadOnlySpan<double> Broadcast => _w;

        public int MessageLength => _w.Length;

        public ReadOnlySpan<double> Weights => _w;

        public bool Apply(ReadOnlySpan<double> sum)
        {
            _round++;
            var eta = 1.0 / (shape.Lambda * _round);
            var shrink = 1 - (eta * shape.Lambda);
            var step = eta * beta / shape.Workers;
            for (var j = 0; j < _w.Length; j++)
            {
                _w[j] = (shrink * _w[j]) - (step * sum[j]);
            }

            return true;
        }

        public void Save(BinaryWriter writer) => writer.Write(_round);

        public void Restore(ReadOnlySpan<double> weights, BinaryReader reader)
        {
            StateIO.CheckedCopy(weights, _w);
            _round = reader.ReadInt32();
        }
    }

    private sealed class Worker(Shard shard, int batch) : IWorker
    {
        private SubtractiveRandom _random = shard.CreateRandom();

        public Span<double> RowState => [];

        public long Compute(int round, ReadOnlySpan<double> broadcast, Span<double> message)
        {
            message.Clear();
            var x = shard.Data.Features;
            long work = 0;
            for (var s = 0; s < batch; s++)
            {
                var i = _random.Next(x.Rows);
                var indices = x.RowIndices(i);
                var values = x.RowValues(i);
                work += indices.Length;
                var derivative = shard.Loss.Derivative(shard.Data.Labels[i], SparseKernels.Dot(indices, values, broadcast));
                if (derivative != 0)
                {
                    SparseKernels.Axpy(derivative / batch, indices, values, message);
                }
            }

            return work;
        }

        public ShardObjective Evaluate(ReadOnlySpan<double> w) => new(ObjectiveSums.Loss(shard.Data, shard.Loss, w), double.NaN);

        public void SaveStream(BinaryWriter writer) => _random.Write(writer);

        public void RestoreStream(BinaryReader reader) => _random = SubtractiveRandom.Read(reader);
    }
}
