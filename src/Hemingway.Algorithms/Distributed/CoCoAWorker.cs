using Hemingway.Algorithms.Sdca;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// A CoCoA worker: its shard's dual variables α_[k] and a stream of random permutations of its rows. Each round it
/// takes H coordinate steps on v = w + σ'Δw_k and sends Δw_k = (v − w)/σ' = 1/(λn) Σ Δα_i x_i. Its α is the
/// <see cref="RowState"/> a checkpoint keeps; its stream (generator, permutation and place in it) is kept for a resume on
/// the same shard, and restarts from a fresh generator, as at the start, on a new one.
/// </summary>
internal sealed class CoCoAWorker : IWorker
{
    private readonly Shard _shard;
    private readonly double _sigma;
    private readonly int _steps;
    private readonly double _scale;
    private readonly double[] _alpha;
    private readonly double[] _alphaAtRoundStart;
    private readonly int[] _order;
    private readonly int[] _batch;
    private SubtractiveRandom _random;
    private double[] _local = [];
    private int _position;

    public CoCoAWorker(Shard shard, double sigma, int steps, double scale)
    {
        _shard = shard;
        _sigma = sigma;
        _steps = steps;
        _scale = scale;
        _random = shard.CreateRandom();
        var rows = shard.Data.Rows;
        _alpha = new double[rows];
        _alphaAtRoundStart = new double[rows];
        _order = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            _order[i] = i;
        }

        _batch = new int[steps];

        // Start exhausted, so the first step shuffles: with H = n_k each round is one fresh permutation, as in SDCA.
        _position = rows;
    }

    public Span<double> RowState => _alpha;

    public long Compute(int round, ReadOnlySpan<double> broadcast, Span<double> message)
    {
        if (_local.Length != broadcast.Length)
        {
            _local = new double[broadcast.Length];
        }

        broadcast.CopyTo(_local);
        _alpha.CopyTo(_alphaAtRoundStart, 0);
        NextBatch();
        var work = DualCoordinateSteps.Run(_shard.Data, _shard.Loss, _batch, _alpha, _local, _sigma, _shard.Lambda * _shard.TotalRows);

        for (var j = 0; j < message.Length; j++)
        {
            message[j] = (_local[j] - broadcast[j]) / _sigma;
        }

        // The driver scales the sum of the Δw_k; the dual variables take the same step, keeping w = w(α).
        if (_scale != 1)
        {
            for (var i = 0; i < _alpha.Length; i++)
            {
                _alpha[i] = _alphaAtRoundStart[i] + (_scale * (_alpha[i] - _alphaAtRoundStart[i]));
            }
        }

        return work;
    }

    public ShardObjective Evaluate(ReadOnlySpan<double> w)
    {
        var (loss, gap) = ObjectiveSums.LossAndGap(_shard.Data, _shard.Loss, w, _alpha);
        return new ShardObjective(loss, gap);
    }

    public void SaveStream(BinaryWriter writer)
    {
        _random.Write(writer);
        StateIO.Write(writer, _order);
        writer.Write(_position);
    }

    public void RestoreStream(BinaryReader reader)
    {
        _random = SubtractiveRandom.Read(reader);
        StateIO.Read(reader, _order);
        _position = reader.ReadInt32();
        if (_position < 0 || _position > _order.Length)
        {
            throw new InvalidDataException($"a saved CoCoA worker is at position {_position} of a permutation of {_order.Length} rows");
        }
    }

    /// <summary>The next H rows of the permutation stream, reshuffling (in place, as SDCA does) when it runs out.</summary>
    private void NextBatch()
    {
        for (var s = 0; s < _steps; s++)
        {
            if (_position == _order.Length)
            {
                _random.Shuffle(_order);
                _position = 0;
            }

            _batch[s] = _order[_position++];
        }
    }
}
