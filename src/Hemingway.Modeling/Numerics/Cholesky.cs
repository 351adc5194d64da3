namespace Hemingway.Modeling.Numerics;

/// <summary>
/// The Cholesky factorization A = L Lᵀ of a small dense symmetric positive definite matrix, with the triangular
/// solves built on it. Only the lower triangle of A is read.
/// </summary>
internal sealed class Cholesky
{
    private readonly double[,] _lower;

    private Cholesky(double[,] lower) => _lower = lower;

    /// <summary>The order n of the factored matrix.</summary>
    public int Size => _lower.GetLength(0);

    /// <summary>The entry L_ij of the lower triangular factor (zero above the diagonal).</summary>
    public double this[int i, int j] => _lower[i, j];

    /// <summary>Factors <paramref name="a"/>, or returns null when it is not (numerically) positive definite.</summary>
    public static Cholesky? TryFactor(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var n = a.GetLength(0);
        if (a.GetLength(1) != n)
        {
            throw new ArgumentException($"expected a square matrix, got {n} × {a.GetLength(1)}", nameof(a));
        }

        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var d = a[j, j];
            for (var k = 0; k < j; k++)
            {
                d -= l[j, k] * l[j, k];
            }

            if (!(d > 0) || double.IsInfinity(d))
            {
                return null;
            }

            var ljj = Math.Sqrt(d);
            l[j, j] = ljj;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }

                l[i, j] = s / ljj;
            }
        }

        return new Cholesky(l);
    }

    /// <summary>Factors <paramref name="a"/>; throws <see cref="InvalidOperationException"/> when it is not positive definite.</summary>
    public static Cholesky Factor(double[,] a) =>
        TryFactor(a) ?? throw new InvalidOperationException("the matrix is not positive definite");

    /// <summary>Overwrites <paramref name="b"/> with L⁻¹ b (forward substitution).</summary>
    public void SolveLower(Span<double> b)
    {
        var n = Size;
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= _lower[i, k] * b[k];
            }

            b[i] = s / _lower[i, i];
        }
    }

    /// <summary>Overwrites <paramref name="b"/> with L⁻ᵀ b (back substitution).</summary>
    public void SolveUpper(Span<double> b)
    {
        var n = Size;
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= _lower[k, i] * b[k];
            }

            b[i] = s / _lower[i, i];
        }
    }

    /// <summary>Overwrites <paramref name="b"/> with A⁻¹ b.</summary>
    public void Solve(Span<double> b)
    {
        SolveLower(b);
        SolveUpper(b);
    }

    /// <summary>The inverse A⁻¹ (symmetric).</summary>
    public double[,] Inverse()
    {
        var n = Size;
        var inverse = new double[n, n];
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            Solve(column);
            for (var i = 0; i < n; i++)
            {
                inverse[i, j] = column[i];
            }
        }

        return inverse;
    }
}
