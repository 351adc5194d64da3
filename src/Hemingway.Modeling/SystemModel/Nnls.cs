using Hemingway.Core;
using Hemingway.Modeling.Numerics;

namespace Hemingway.Modeling.SystemModel;

/// <summary>What <see cref="Nnls.Solve"/> found.</summary>
/// <param name="X">The solution x ≥ 0 of min ‖A x − b‖₂.</param>
/// <param name="ResidualNorm">‖A x − b‖₂ at the solution.</param>
/// <param name="Iterations">Least squares solves on the passive set (the count scipy's limit applies to).</param>
public sealed record NnlsResult(double[] X, double ResidualNorm, int Iterations);

/// <summary>
/// Non-negative least squares, min ‖A x − b‖₂ subject to x ≥ 0, by the Lawson–Hanson active set method (the
/// algorithm behind scipy.optimize.nnls). Each step moves the column with the largest positive gradient
/// w = Aᵀ(b − A x) into the passive set, provided it is numerically independent of the passive columns and would get a
/// positive coefficient; it then solves the least squares problem on the passive set by Householder QR and, while
/// some coefficient is not positive, steps back towards the previous feasible point and drops the columns that hit
/// zero. Dependent (rank-deficient) columns are never admitted, so the passive least squares problems stay well posed.
/// </summary>
public static class Nnls
{
    /// <summary>
    /// How much a candidate column must stick out of the span of the passive columns: the part of it orthogonal to
    /// them, times this factor, must still change the length of the part inside them in floating point
    /// (Lawson and Hanson's test).
    /// </summary>
    private const double IndependenceFactor = 0.01;

    /// <summary>
    /// Solves min ‖A x − b‖₂ subject to x ≥ 0. <paramref name="maxIterations"/> limits the number of least squares
    /// solves (default 3·n, as scipy's); reaching it throws a <see cref="HemingwayException"/> saying so.
    /// </summary>
    public static NnlsResult Solve(double[,] a, double[] b, int? maxIterations = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var m = a.GetLength(0);
        var n = a.GetLength(1);
        if (b.Length != m)
        {
            throw new ArgumentException($"A has {m} rows but b has {b.Length} entries", nameof(b));
        }

        foreach (var value in a)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("A has a non-finite entry", nameof(a));
            }
        }

        if (b.Any(value => !double.IsFinite(value)))
        {
            throw new ArgumentException("b has a non-finite entry", nameof(b));
        }

        var limit = maxIterations ?? 3 * n;
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxIterations), limit, "the iteration limit must not be negative");
        }

        var x = new double[n];
        var inPassive = new bool[n];
        var passive = new List<int>();
        var residual = (double[])b.Clone();
        var gradient = new double[n];
        var rejected = new bool[n];
        var column = new double[m];
        var iterations = 0;
        HouseholderQr? qr = null;

        while (passive.Count < n && passive.Count < m)
        {
            for (var j = 0; j < n; j++)
            {
                if (inPassive[j])
                {
                    continue;
                }

                var s = 0.0;
                for (var i = 0; i < m; i++)
                {
                    s += a[i, j] * residual[i];
                }

                gradient[j] = s;
            }

            Array.Clear(rejected);
            var entering = -1;
            while (entering < 0)
            {
                var candidate = -1;
                var best = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (!inPassive[j] && !rejected[j] && gradient[j] > best)
                    {
                        best = gradient[j];
                        candidate = j;
                    }
                }

                if (candidate < 0)
                {
                    break;
                }

                if (Admissible(a, b, qr, passive.Count, candidate, column))
                {
                    entering = candidate;
                }
                else
                {
                    rejected[candidate] = true;
                }
            }

            if (entering < 0)
            {
                // Every column outside the passive set has w_j ≤ 0 (or cannot enter): the KKT conditions hold.
                break;
            }

            passive.Add(entering);
            inPassive[entering] = true;

            while (true)
            {
                iterations++;
                if (iterations > limit)
                {
                    throw new HemingwayException(
                        $"NNLS stopped after {limit} least squares solves (the limit{(maxIterations is null ? $", 3 × {n} columns" : "")}) " +
                        "without meeting its optimality conditions; the problem is too ill-conditioned");
                }

                qr = HouseholderQr.Factor(a, passive);
                var z = qr.SolveLeastSquares(b);
                var step = 2.0;
                var blocking = -1;
                for (var p = 0; p < passive.Count; p++)
                {
                    if (z[p] > 0)
                    {
                        continue;
                    }

                    var j = passive[p];
                    var t = x[j] / (x[j] - z[p]);
                    if (t < step)
                    {
                        step = t;
                        blocking = p;
                    }
                }

                if (blocking < 0)
                {
                    for (var p = 0; p < passive.Count; p++)
                    {
                        x[passive[p]] = z[p];
                    }

                    break;
                }

                // Move towards z as far as feasibility allows, then drop the coefficients that reached zero.
                for (var p = 0; p < passive.Count; p++)
                {
                    var j = passive[p];
                    x[j] += step * (z[p] - x[j]);
                }

                x[passive[blocking]] = 0;
                for (var p = passive.Count - 1; p >= 0; p--)
                {
                    var j = passive[p];
                    if (x[j] <= 0)
                    {
                        x[j] = 0;
                        inPassive[j] = false;
                        passive.RemoveAt(p);
                    }
                }

                if (passive.Count == 0)
                {
                    qr = null;
                    break;
                }
            }

            Residual(a, b, x, residual);
        }

        Residual(a, b, x, residual);
        var norm = Math.Sqrt(residual.Sum(r => r * r));
        return new NnlsResult(x, norm, iterations);
    }

    /// <summary>
    /// Whether column <paramref name="j"/> may enter a passive set of <paramref name="size"/> columns factored as
    /// <paramref name="qr"/>: it must be independent of them and get a positive coefficient when it joins.
    /// </summary>
    private static bool Admissible(double[,] a, double[] b, HouseholderQr? qr, int size, int j, double[] column)
    {
        var m = a.GetLength(0);
        for (var i = 0; i < m; i++)
        {
            column[i] = a[i, j];
        }

        var rhs = (double[])b.Clone();
        if (qr is not null)
        {
            qr.ApplyTransposeQ(column);
            qr.ApplyTransposeQ(rhs);
        }

        double inside = 0, outside = 0, projection = 0;
        for (var i = 0; i < size; i++)
        {
            inside += column[i] * column[i];
        }

        for (var i = size; i < m; i++)
        {
            outside += column[i] * column[i];
            projection += column[i] * rhs[i];
        }

        inside = Math.Sqrt(inside);
        if (!(inside + (IndependenceFactor * Math.Sqrt(outside)) - inside > 0))
        {
            return false;
        }

        // The coefficient the column would get in the least squares fit on the passive set plus this column.
        return projection / outside > 0;
    }

    private static void Residual(double[,] a, double[] b, double[] x, double[] residual)
    {
        var m = a.GetLength(0);
        var n = a.GetLength(1);
        for (var i = 0; i < m; i++)
        {
            var s = b[i];
            for (var j = 0; j < n; j++)
            {
                s -= a[i, j] * x[j];
            }

            residual[i] = s;
        }
    }
}
