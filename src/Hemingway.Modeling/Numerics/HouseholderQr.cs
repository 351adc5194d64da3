namespace Hemingway.Modeling.Numerics;

/// <summary>
/// The QR factorization A = Q R of a dense m × k matrix (m ≥ k, or fewer rows: then only the first m columns are
/// reduced) by Householder reflections, kept in factored form: enough to apply Qᵀ to a vector and to solve least
/// squares problems min ‖A z − b‖. Columns may be a chosen subset of a larger matrix's columns.
/// </summary>
internal sealed class HouseholderQr
{
    private readonly double[,] _r;
    private readonly double[][] _reflectors;
    private readonly double[] _squaredNorms;
    private readonly double[] _diagonal;

    private HouseholderQr(double[,] r, double[][] reflectors, double[] diagonal)
    {
        _r = r;
        _reflectors = reflectors;
        _squaredNorms = Array.ConvertAll(reflectors, v => Dot(v, v));
        _diagonal = diagonal;
    }

    /// <summary>Rows m of the factored matrix.</summary>
    public int Rows => _r.GetLength(0);

    /// <summary>Columns k of the factored matrix.</summary>
    public int Columns => _r.GetLength(1);

    /// <summary>The diagonal entry R_jj (its sign follows the reflection; |R_jj| is the column's new length).</summary>
    public double Diagonal(int j) => _diagonal[j];

    /// <summary>Factors all columns of <paramref name="a"/>.</summary>
    public static HouseholderQr Factor(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var columns = new int[a.GetLength(1)];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = j;
        }

        return Factor(a, columns);
    }

    /// <summary>Factors the columns <paramref name="columns"/> of <paramref name="a"/>, in the order given.</summary>
    public static HouseholderQr Factor(double[,] a, IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(columns);
        var m = a.GetLength(0);
        var k = columns.Count;
        var r = new double[m, k];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < k; j++)
            {
                r[i, j] = a[i, columns[j]];
            }
        }

        var steps = Math.Min(m, k);
        var reflectors = new double[steps][];
        var diagonal = new double[k];
        for (var j = 0; j < steps; j++)
        {
            // The reflection H = I − 2 v vᵀ / vᵀv maps the column's tail r[j.., j] onto −sign(r_jj) ‖tail‖ e₁.
            var norm = 0.0;
            var scale = 0.0;
            for (var i = j; i < m; i++)
            {
                scale = Math.Max(scale, Math.Abs(r[i, j]));
            }

            var v = new double[m - j];
            if (scale == 0)
            {
                reflectors[j] = v;
                diagonal[j] = 0;
                continue;
            }

            for (var i = j; i < m; i++)
            {
                var s = r[i, j] / scale;
                norm += s * s;
            }

            norm = scale * Math.Sqrt(norm);
            var alpha = r[j, j] > 0 ? -norm : norm;
            for (var i = j; i < m; i++)
            {
                v[i - j] = r[i, j];
            }

            v[0] -= alpha;
            reflectors[j] = v;
            Reflect(v, r, j, j + 1, k);
            r[j, j] = alpha;
            for (var i = j + 1; i < m; i++)
            {
                r[i, j] = 0;
            }

            diagonal[j] = alpha;
        }

        for (var j = steps; j < k; j++)
        {
            diagonal[j] = 0;
        }

        return new HouseholderQr(r, reflectors, diagonal);
    }

    /// <summary>Overwrites <paramref name="vector"/> (length m) with Qᵀ·vector.</summary>
    public void ApplyTransposeQ(Span<double> vector)
    {
        CheckLength(vector);
        for (var j = 0; j < _reflectors.Length; j++)
        {
            ReflectVector(j, vector);
        }
    }

    /// <summary>Overwrites <paramref name="vector"/> (length m) with Q·vector.</summary>
    public void ApplyQ(Span<double> vector)
    {
        CheckLength(vector);
        for (var j = _reflectors.Length - 1; j >= 0; j--)
        {
            ReflectVector(j, vector);
        }
    }

    /// <summary>The min(m, k) × k upper trapezoidal factor R (Qᵀ A = [R; 0]).</summary>
    public double[,] UpperTriangle()
    {
        var p = Math.Min(Rows, Columns);
        var r = new double[p, Columns];
        for (var i = 0; i < p; i++)
        {
            for (var j = i; j < Columns; j++)
            {
                r[i, j] = _r[i, j];
            }
        }

        return r;
    }

    /// <summary>
    /// The least squares solution z of min ‖A z − b‖ (m ≥ k, full column rank). Throws
    /// <see cref="InvalidOperationException"/> when R has a zero on its diagonal (dependent columns).
    /// </summary>
    public double[] SolveLeastSquares(ReadOnlySpan<double> b)
    {
        var k = Columns;
        if (k > Rows)
        {
            throw new InvalidOperationException($"least squares needs at least as many rows as columns, got {Rows} × {k}");
        }

        var qb = b.ToArray();
        ApplyTransposeQ(qb);
        var z = new double[k];
        for (var j = k - 1; j >= 0; j--)
        {
            if (_r[j, j] == 0)
            {
                throw new InvalidOperationException($"column {j} is linearly dependent on the columns before it");
            }

            var s = qb[j];
            for (var c = j + 1; c < k; c++)
            {
                s -= _r[j, c] * z[c];
            }

            z[j] = s / _r[j, j];
        }

        return z;
    }

    private void CheckLength(Span<double> vector)
    {
        if (vector.Length != Rows)
        {
            throw new ArgumentException($"expected a vector of length {Rows}, got {vector.Length}", nameof(vector));
        }
    }

    /// <summary>Applies reflection j (I − 2 v vᵀ / vᵀv on rows j…m−1) to <paramref name="vector"/>.</summary>
    private void ReflectVector(int j, Span<double> vector)
    {
        var v = _reflectors[j];
        var vv = _squaredNorms[j];
        if (vv == 0)
        {
            return;
        }

        var dot = 0.0;
        for (var i = 0; i < v.Length; i++)
        {
            dot += v[i] * vector[j + i];
        }

        var f = 2 * dot / vv;
        for (var i = 0; i < v.Length; i++)
        {
            vector[j + i] -= f * v[i];
        }
    }

    private static void Reflect(double[] v, double[,] r, int row, int fromColumn, int toColumn)
    {
        var vv = Dot(v, v);
        var m = r.GetLength(0);
        for (var c = fromColumn; c < toColumn; c++)
        {
            var dot = 0.0;
            for (var i = row; i < m; i++)
            {
                dot += v[i - row] * r[i, c];
            }

            var f = 2 * dot / vv;
            for (var i = row; i < m; i++)
            {
                r[i, c] -= f * v[i - row];
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
