namespace Hemingway.Core.Numerics;

/// <summary>
/// Kahan–Babuška (Neumaier) summation: the running error of a long sum is carried along, so an objective summed over
/// millions of terms is exact to the last digits that decide convergence at sub-optimality 1e-10.
/// </summary>
public struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    /// <summary>Adds one term.</summary>
    public void Add(double value)
    {
        var t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }

    /// <summary>The sum of every term added so far.</summary>
    public readonly double Value => _sum + _compensation;
}
