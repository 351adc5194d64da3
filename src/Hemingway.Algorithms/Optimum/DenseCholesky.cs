using System.Numerics.Tensors;

namespace Hemingway.Algorithms.Optimum;

/// <summary>
/// The Cholesky factor L (A = L Lᵀ) of a dense symmetric positive definite matrix, stored row-major in the lower
/// triangle. Row-oriented (left-looking) so that every inner product runs over contiguous memory and vectorises.
/// </summary>
internal sealed class DenseCholesky
{
    private readonly double[] _factor;

    private DenseCholesky(double[] factor, int size)
    {
        _factor = factor;
        Size = size;
    }

    /// <summary>The order of the matrix.</summary>
    public int Size { get; }

    /// <summary>
    /// Factors the lower triangle of the row-major <paramref name="size"/>² matrix <paramref name="matrix"/> in place
    /// (the strict upper triangle is neither read nor written). Null when a pivot is not positive: the matrix is not
    /// numerically positive definite.
    /// </summary>
    public static DenseCholesky? TryFactor(double[] matrix, int size)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        for (var i = 0; i < size; i++)
        {
            var rowI = matrix.AsSpan(i * size, size);
            for (var j = 0; j < i; j++)
            {
                var rowJ = matrix.AsSpan(j * size, j + 1);
                rowI[j] = (rowI[j] - TensorPrimitives.Dot<double>(rowI[..j], rowJ[..j])) / rowJ[j];
            }

            var pivot = rowI[i] - TensorPrimitives.Dot<double>(rowI[..i], rowI[..i]);
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return null;
            }

            rowI[i] = Math.Sqrt(pivot);
        }

        return new DenseCholesky(matrix, size);
    }

    /// <summary>Overwrites <paramref name="x"/> (the right-hand side) with A⁻¹ x.</summary>
    public void Solve(Span<double> x)
    {
        var n = Size;

        // L y = b, one row at a time.
        for (var i = 0; i < n; i++)
        {
            var row = _factor.AsSpan(i * n, i + 1);
            x[i] = (x[i] - TensorPrimitives.Dot<double>(row[..i], x[..i])) / row[i];
        }

        // Lᵀ x = y, as column sweeps over the rows of L so that memory is still read contiguously.
        for (var i = n - 1; i >= 0; i--)
        {
            var row = _factor.AsSpan(i * n, i + 1);
            var xi = x[i] / row[i];
            x[i] = xi;
            if (i > 0)
            {
                TensorPrimitives.MultiplyAdd<double>(row[..i], -xi, x[..i], x[..i]);
            }
        }
    }
}
