using Hemingway.Core.Data;
using Hemingway.Core.Numerics;

namespace Hemingway.Algorithms.Sdca;

/// <summary>
/// Exact dual coordinate steps, the inner loop shared by single-machine SDCA (σ' = 1, v = w) and CoCoA's local solver
/// (v = w + σ'·Δw_k, this worker's view of the model). Stepping α_i by δ moves v by σ'·δ·x_i/(λn).
/// </summary>
internal static class DualCoordinateSteps
{
    /// <summary>Takes one step for each row of <paramref name="order"/>, in order; returns the nonzeros visited.</summary>
    /// <param name="data">The rows the indices refer to, and their labels.</param>
    /// <param name="loss">The loss whose dual is maximised.</param>
    /// <param name="order">Rows of <paramref name="data"/> to step on.</param>
    /// <param name="alpha">Dual variables of <paramref name="data"/>'s rows, updated in place.</param>
    /// <param name="v">The local model, updated in place.</param>
    /// <param name="sigma">σ' ≥ 1, the subproblem's safety factor (1 for SDCA and CoCoA, γm for CoCoA+).</param>
    /// <param name="lambdaN">λn, with n the rows of the whole problem.</param>
    public static long Run(Dataset data, Core.Losses.ILoss loss, ReadOnlySpan<int> order, Span<double> alpha, Span<double> v, double sigma, double lambdaN)
    {
        var x = data.Features;
        var labels = data.Labels;
        var norms = x.RowSquaredNorms;
        var scale = 1.0 / lambdaN;
        var curvature = sigma * scale;
        var step = sigma * scale;
        long work = 0;
        foreach (var i in order)
        {
            var indices = x.RowIndices(i);
            var values = x.RowValues(i);
            work += indices.Length;
            var margin = SparseKernels.Dot(indices, values, v);
            var updated = loss.DualStep(labels[i], alpha[i], margin, norms[i] * curvature);
            var delta = updated - alpha[i];
            if (delta != 0)
            {
                alpha[i] = updated;
                SparseKernels.Axpy(delta * step, indices, values, v);
            }
        }

        return work;
    }
}
