using System.Numerics.Tensors;

namespace Hemingway.Algorithms.Optimum;

/// <summary>
/// Finishes a hinge dual solve exactly. The optimum splits the examples into L (b_i = 0, margin ≥ 1),
/// U (b_i = 1, margin ≤ 1) and F (0 ≤ b_i ≤ 1, margin exactly 1). Once the split is known, b_F solves the linear system
/// κ Z_F Z_Fᵀ b_F = 1 − Z_F w_U with w_U = κ Σ_U z_i, whose size is the number of free examples (generically at most
/// d), so the duality gap of the result is zero up to rounding. Starting from the split an interior-point iterate
/// suggests, block principal pivoting (Júdice and Pires, 1994) moves every example that violates its side's condition
/// and solves again. Q is only semidefinite, so the exchanges can oscillate from a poor guess: the attempt is abandoned
/// as soon as the number of violations stops falling, and the caller tries again from a better interior point.
/// </summary>
internal static class HingeActiveSet
{
    private const double BoundTolerance = 1e-13;
    private const double GradientTolerance = 1e-13;
    private const int MaxRounds = 20;
    private const int FullExchangeStrikes = 2;
    private const int RefinementSteps = 3;

    /// <summary>Where an example sits at the optimum.</summary>
    public enum Side : byte
    {
        /// <summary>b_i = 0, margin ≥ 1.</summary>
        Lower,

        /// <summary>b_i = 1, margin ≤ 1.</summary>
        Upper,

        /// <summary>b_i strictly inside, margin = 1.</summary>
        Free,
    }

    /// <summary>
    /// Runs block principal pivoting from <paramref name="sides"/> (updated in place). Returns b ∈ [0, 1]ⁿ satisfying
    /// the optimality conditions to within rounding, or null when the free set grows past <paramref name="maxFree"/>,
    /// the free system cannot be factored, the violations stop falling, or the rounds run out.
    /// </summary>
    public static double[]? TrySolve(HingeDualData data, Side[] sides, int maxFree, out int rounds)
    {
        var n = data.Rows;
        var b = new double[n];
        var w = new double[data.Dimension];
        var g = new double[n];
        var best = int.MaxValue;
        var strikes = FullExchangeStrikes;
        rounds = 0;
        while (rounds < MaxRounds)
        {
            rounds++;
            var free = new List<int>();
            for (var i = 0; i < n; i++)
            {
                b[i] = sides[i] == Side.Upper ? 1 : 0;
                if (sides[i] == Side.Free)
                {
                    free.Add(i);
                }
            }

            if (free.Count > maxFree || !SolveFree(data, free, b, w))
            {
                return null;
            }

            data.TransposeTimes(b, data.Kappa, w);
            data.Times(w, g);
            for (var i = 0; i < n; i++)
            {
                g[i] -= 1;
            }

            var violations = new List<int>();
            for (var i = 0; i < n; i++)
            {
                var violated = sides[i] switch
                {
                    Side.Lower => g[i] < -GradientTolerance,
                    Side.Upper => g[i] > GradientTolerance,
                    _ => b[i] < -BoundTolerance || b[i] > 1 + BoundTolerance,
                };
                if (violated)
                {
                    violations.Add(i);
                }
            }

            if (violations.Count == 0)
            {
                for (var i = 0; i < n; i++)
                {
                    b[i] = Math.Clamp(b[i], 0, 1);
                }

                return b;
            }

            // Q is only semidefinite, so full exchanges can oscillate: give up as soon as they stop helping, and let the
            // caller try again from a better guess.
            if (violations.Count < best)
            {
                best = violations.Count;
                strikes = FullExchangeStrikes;
            }
            else if (--strikes == 0)
            {
                return null;
            }

            foreach (var i in violations)
            {
                Exchange(sides, i, b[i]);
            }
        }

        return null;
    }

    private static void Exchange(Side[] sides, int i, double bi) =>
        sides[i] = sides[i] switch
        {
            Side.Lower or Side.Upper => Side.Free,
            _ => bi < 0 ? Side.Lower : Side.Upper,
        };

    /// <summary>
    /// Writes the b_F solving κ Z_F Z_Fᵀ b_F = 1 − Z_F w_U into <paramref name="b"/> (which holds 1 on U and 0 elsewhere),
    /// with a few steps of iterative refinement against the exact product.
    /// </summary>
    private static bool SolveFree(HingeDualData data, List<int> free, double[] b, double[] w)
    {
        var k = free.Count;
        if (k == 0)
        {
            return true;
        }

        var d = data.Dimension;
        var kappa = data.Kappa;

        // 1 − Z_F w_U.
        data.TransposeTimes(b, kappa, w);
        var rhs = new double[k];
        for (var a = 0; a < k; a++)
        {
            rhs[a] = 1 - data.Margin(free[a], w);
        }

        var dense = new double[(long)k * d];
        for (var a = 0; a < k; a++)
        {
            data.Densify(free[a], dense.AsSpan(a * d, d));
        }

        var gram = new double[(long)k * k];
        double largest = 0;
        for (var a = 0; a < k; a++)
        {
            var rowA = dense.AsSpan(a * d, d);
            for (var c = 0; c <= a; c++)
            {
                gram[(a * k) + c] = kappa * TensorPrimitives.Dot<double>(rowA, dense.AsSpan(c * d, d));
            }

            largest = Math.Max(largest, gram[(a * k) + a]);
        }

        // A tiny ridge keeps duplicated or dependent free rows factorable; refinement removes its bias.
        var ridge = 1e-13 * largest;
        for (var a = 0; a < k; a++)
        {
            gram[(a * k) + a] += ridge;
        }

        var cholesky = DenseCholesky.TryFactor(gram, k);
        if (cholesky is null)
        {
            return false;
        }

        var x = (double[])rhs.Clone();
        cholesky.Solve(x);
        var residual = new double[k];
        var zx = new double[d];
        for (var step = 0; step < RefinementSteps; step++)
        {
            // residual = rhs − κ Z_F (Z_Fᵀ x), from the dense rows.
            Array.Clear(zx);
            for (var a = 0; a < k; a++)
            {
                TensorPrimitives.MultiplyAdd<double>(dense.AsSpan(a * d, d), x[a], zx, zx);
            }

            for (var a = 0; a < k; a++)
            {
                residual[a] = rhs[a] - (kappa * TensorPrimitives.Dot<double>(dense.AsSpan(a * d, d), zx));
            }

            cholesky.Solve(residual);
            TensorPrimitives.Add<double>(x, residual, x);
        }

        for (var a = 0; a < k; a++)
        {
            b[free[a]] = x[a];
        }

        return true;
    }
}
