namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// The driver of methods whose workers send model changes: it broadcasts w and applies w ← w + scale · Σ_k message_k,
/// one phase per round. CoCoA averages (scale = β/m), CoCoA+ adds (scale = γ), local SGD averages the workers' moves.
/// </summary>
internal sealed class AdditiveDriver : IDriver
{
    private readonly double[] _w;
    private readonly double _scale;

    public AdditiveDriver(int dimension, double scale)
    {
        _w = new double[dimension];
        _scale = scale;
    }

    public ReadOnlySpan<double> Broadcast => _w;

    public int MessageLength => _w.Length;

    public ReadOnlySpan<double> Weights => _w;

    public bool Apply(ReadOnlySpan<double> sum)
    {
        for (var j = 0; j < _w.Length; j++)
        {
            _w[j] += _scale * sum[j];
        }

        return true;
    }

    public void Save(BinaryWriter writer)
    {
        // w is all it keeps.
    }

    public void Restore(ReadOnlySpan<double> weights, BinaryReader reader) => StateIO.CheckedCopy(weights, _w);
}
