using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Hemingway.Modeling.Regression;

/// <summary>How a coordinate-descent solve ended: the last duality gap (of the n-scaled objective), epochs, converged.</summary>
internal readonly record struct DescentOutcome(double Gap, int Iterations, bool Converged);

/// <summary>
/// Cyclic coordinate descent for the n-scaled Lasso ½ ‖y − Xw‖² + a ‖w‖₁ (a = n·α) on centred data, the two dense
/// solvers of scikit-learn's <c>sklearn/linear_model/_cd_fast.pyx</c> (<c>enet_coordinate_descent</c> and
/// <c>enet_coordinate_descent_gram</c>, with l2 penalty 0, not positive, cyclic order) with their stopping rule:
/// after an epoch in which the largest coefficient change is below <c>tol · max_j |w_j|</c> (or every w_j is 0, or it
/// is the last epoch), the duality gap is computed, and the solve stops when it is below <c>tol · ‖y‖²</c>.
/// Neither solver allocates; the caller owns every buffer.
/// </summary>
internal static class CoordinateDescent
{
    /// <summary>
    /// The residual form: keeps r = y − Xw up to date, two passes over a column per coordinate (one dot, one axpy).
    /// Columns with ‖X_j‖² = 0 are skipped, as scikit-learn does.
    /// </summary>
    /// <param name="x">Column-major design, n rows by p columns, centred when an intercept is fitted.</param>
    /// <param name="rows">n.</param>
    /// <param name="columnNorms">‖X_j‖², one per column.</param>
    /// <param name="y">The target, centred when an intercept is fitted.</param>
    /// <param name="w">Initial coefficients in, solution out.</param>
    /// <param name="residual">Scratch of length n; holds y − Xw on return.</param>
    /// <param name="xtr">Scratch of length p.</param>
    /// <param name="penalty">a = n·α.</param>
    /// <param name="tolerance">scikit-learn's <c>tol</c>.</param>
    /// <param name="maxIterations">The most epochs.</param>
    public static DescentOutcome Residual(
        ReadOnlySpan<double> x,
        int rows,
        ReadOnlySpan<double> columnNorms,
        ReadOnlySpan<double> y,
        Span<double> w,
        Span<double> residual,
        Span<double> xtr,
        double penalty,
        double tolerance,
        int maxIterations)
    {
        var features = w.Length;
        y.CopyTo(residual);
        for (var j = 0; j < features; j++)
        {
            if (w[j] != 0)
            {
                TensorPrimitives.MultiplyAdd(x.Slice(j * rows, rows), -w[j], residual, residual);
            }
        }

        var gapTolerance = tolerance * TensorPrimitives.Dot(y, y);
        var gap = tolerance + 1.0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            double largest = 0, largestChange = 0;
            for (var j = 0; j < features; j++)
            {
                var norm = columnNorms[j];
                if (norm == 0)
                {
                    continue;
                }

                var column = x.Slice(j * rows, rows);
                var old = w[j];

                // X_jᵀ(r + w_j X_j): the correlation with the residual that excludes feature j.
                var correlation = TensorPrimitives.Dot(column, residual) + (old * norm);
                var updated = SoftThreshold(correlation, penalty) / norm;
                var change = updated - old;
                if (change != 0)
                {
                    TensorPrimitives.MultiplyAdd(column, -change, residual, residual);
                    w[j] = updated;
                }

                largestChange = Math.Max(largestChange, Math.Abs(change));
                largest = Math.Max(largest, Math.Abs(updated));
            }

            if (largest == 0 || largestChange / largest < tolerance || iteration == maxIterations - 1)
            {
                for (var j = 0; j < features; j++)
                {
                    xtr[j] = TensorPrimitives.Dot(x.Slice(j * rows, rows), residual);
                }

                gap = Gap(
                    dualNorm: AbsoluteMax(xtr),
                    residualNorm2: TensorPrimitives.Dot(residual, residual),
                    residualDotY: TensorPrimitives.Dot(residual, y),
                    l1: TensorPrimitives.SumOfMagnitudes(w),
                    penalty);
                if (gap < gapTolerance)
                {
                    return new DescentOutcome(gap, iteration + 1, true);
                }
            }
        }

        return new DescentOutcome(gap, maxIterations, false);
    }

    /// <summary>
    /// The Gram form: keeps h = Qw up to date with Q = XᵀX and q = Xᵀy, so an update costs O(p) instead of O(n); the
    /// squared residual in the gap is ‖y‖² + wᵀh − 2 qᵀw. Features with Q_jj = 0 are skipped.
    /// </summary>
    /// <param name="gram">Q, p by p, row-major.</param>
    /// <param name="xty">q = Xᵀy.</param>
    /// <param name="yNorm2">‖y‖².</param>
    /// <param name="w">Initial coefficients in, solution out.</param>
    /// <param name="h">Scratch of length p; holds Qw on return.</param>
    /// <param name="penalty">a = n·α.</param>
    /// <param name="tolerance">scikit-learn's <c>tol</c>.</param>
    /// <param name="maxIterations">The most epochs.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DescentOutcome Gram(
        ReadOnlySpan<double> gram,
        ReadOnlySpan<double> xty,
        double yNorm2,
        Span<double> w,
        Span<double> h,
        double penalty,
        double tolerance,
        int maxIterations)
    {
        var features = w.Length;
        h.Clear();
        for (var j = 0; j < features; j++)
        {
            if (w[j] != 0)
            {
                TensorPrimitives.MultiplyAdd(gram.Slice(j * features, features), w[j], h, h);
            }
        }

        var gapTolerance = tolerance * yNorm2;
        var gap = tolerance + 1.0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            double largest = 0, largestChange = 0;
            for (var j = 0; j < features; j++)
            {
                var diagonal = gram[(j * features) + j];
                if (diagonal == 0)
                {
                    continue;
                }

                var old = w[j];
                var correlation = xty[j] - h[j] + (old * diagonal);
                var updated = SoftThreshold(correlation, penalty) / diagonal;
                var change = updated - old;
                if (change != 0)
                {
                    // h += Δw_j Q_j. A plain loop over p entries, in a method optimised from its first call: millions
                    // of short TensorPrimitives calls ran as tier-0 code in the first fit of a process and doubled
                    // its time (bench/race-lassocv.sh); warm, the loop is as fast.
                    var row = gram.Slice(j * features, features);
                    for (var k = 0; k < row.Length; k++)
                    {
                        h[k] += change * row[k];
                    }

                    w[j] = updated;
                }

                largestChange = Math.Max(largestChange, Math.Abs(change));
                largest = Math.Max(largest, Math.Abs(updated));
            }

            if (largest == 0 || largestChange / largest < tolerance || iteration == maxIterations - 1)
            {
                var qDotW = TensorPrimitives.Dot(w, xty);
                var dualNorm = 0.0;
                for (var j = 0; j < features; j++)
                {
                    dualNorm = Math.Max(dualNorm, Math.Abs(xty[j] - h[j]));
                }

                gap = Gap(
                    dualNorm,
                    residualNorm2: yNorm2 + TensorPrimitives.Dot(w, h) - (2.0 * qDotW),
                    residualDotY: yNorm2 - qDotW,
                    l1: TensorPrimitives.SumOfMagnitudes(w),
                    penalty);
                if (gap < gapTolerance)
                {
                    return new DescentOutcome(gap, iteration + 1, true);
                }
            }
        }

        return new DescentOutcome(gap, maxIterations, false);
    }

    /// <summary>
    /// P(w) − D(ν) for the n-scaled problem, with the dual point ν = c·r, c = min(1, a / ‖Xᵀr‖∞):
    /// ½‖r‖² + a‖w‖₁ + ½c²‖r‖² − c·rᵀy.
    /// </summary>
    private static double Gap(double dualNorm, double residualNorm2, double residualDotY, double l1, double penalty)
    {
        double scale, gap;
        if (dualNorm > penalty)
        {
            scale = penalty / dualNorm;
            gap = 0.5 * (residualNorm2 + (residualNorm2 * scale * scale));
        }
        else
        {
            scale = 1.0;
            gap = residualNorm2;
        }

        return gap + (penalty * l1) - (scale * residualDotY);
    }

    private static double SoftThreshold(double value, double threshold)
    {
        var shrunk = Math.Abs(value) - threshold;
        return shrunk > 0 ? Math.CopySign(shrunk, value) : 0.0;
    }

    private static double AbsoluteMax(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var value in values)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }
}
