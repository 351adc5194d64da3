using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;

namespace Hemingway.Core.Objectives;

/// <summary>
/// The data-dependent sums behind P(w) and the duality gap, over any set of rows: the whole dataset on one machine, or
/// one worker's shard, whose sums the engine adds up.
/// </summary>
public static class ObjectiveSums
{
    /// <summary>Σ φ(y_i, x_i·w) over the rows of <paramref name="data"/>, compensated.</summary>
    public static double Loss(Dataset data, ILoss loss, ReadOnlySpan<double> w)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        var x = data.Features;
        var sum = new CompensatedSum();
        for (var i = 0; i < x.Rows; i++)
        {
            sum.Add(loss.Value(data.Labels[i], SparseKernels.Dot(x.RowIndices(i), x.RowValues(i), w)));
        }

        return sum.Value;
    }

    /// <summary>
    /// (Σ φ(y_i, a_i), Σ [φ(y_i, a_i) − ψ(α_i) + α_i a_i]) with a_i = x_i·w: the loss sum and the sum of Fenchel–Young
    /// gaps, which is n·(P − D) when w = w(α).
    /// </summary>
    public static (double Loss, double Gap) LossAndGap(Dataset data, ILoss loss, ReadOnlySpan<double> w, ReadOnlySpan<double> alpha)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        var x = data.Features;
        var risk = new CompensatedSum();
        var gap = new CompensatedSum();
        for (var i = 0; i < x.Rows; i++)
        {
            var y = data.Labels[i];
            var margin = SparseKernels.Dot(x.RowIndices(i), x.RowValues(i), w);
            var value = loss.Value(y, margin);
            risk.Add(value);

            // Each term is ≥ 0 in exact arithmetic; a negative value is rounding and is dropped.
            gap.Add(Math.Max(0, value - loss.DualValue(y, alpha[i]) + (alpha[i] * margin)));
        }

        return (risk.Value, gap.Value);
    }

    /// <summary>‖w‖², compensated.</summary>
    public static double SquaredNorm(ReadOnlySpan<double> w)
    {
        var sum = new CompensatedSum();
        foreach (var v in w)
        {
            sum.Add(v * v);
        }

        return sum.Value;
    }
}
