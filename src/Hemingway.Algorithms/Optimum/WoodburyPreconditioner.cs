using System.Numerics.Tensors;

namespace Hemingway.Algorithms.Optimum;

/// <summary>
/// Solves (Σ + κ Z Zᵀ) x = r, the interior-point Newton system of the hinge dual (Σ diagonal and positive), by
/// preconditioned conjugate gradients in n-space. The preconditioner is the exact inverse by the Woodbury identity,
/// (Σ + κ Z Zᵀ)⁻¹ = Σ⁻¹ − Σ⁻¹ Z (λn I + Zᵀ Σ⁻¹ Z)⁻¹ Zᵀ Σ⁻¹, with two deliberate approximations that PCG then
/// corrects: rows whose terms Σ_i⁻¹ ‖x_i‖² are together negligible against λn are left out of the d×d matrix when
/// that is at least half of them (late in an interior-point run on a problem with n ≫ d, which makes the
/// O(Σ nnz_i²) accumulation cheap), and Σ is floored so that the d×d matrix stays factorable when Σ_i → 0 on the free
/// variables. When neither applies and the d×d matrix is well conditioned, the Woodbury solve is used as it stands.
/// </summary>
internal sealed class WoodburyPreconditioner
{
    // The left-out rows together may add at most this fraction of λn to the spectrum: PCG then contracts by about
    // that factor per iteration.
    private const double DropBudget = 1e-4;

    // Σ̃_i ≥ this · κ‖x_i‖², which bounds the condition number of the d×d matrix near 1/this.
    private const double SigmaFloor = 1e-13;

    // The direct Woodbury solve loses digits to cancellation roughly in proportion to this ratio.
    private const double TrustedConditioning = 1e6;

    private readonly HingeDualData _data;
    private readonly double[] _sigma;
    private readonly double[] _keptInverse;
    private readonly double[] _matrix;
    private readonly double[] _order;
    private readonly int[] _rows;
    private readonly double[] _rowsScratch;
    private readonly double[] _dScratch;
    private readonly double[] _nScratch;
    private readonly double[] _pcgR;
    private readonly double[] _pcgZ;
    private readonly double[] _pcgP;
    private readonly double[] _pcgAp;
    private DenseCholesky? _cholesky;
    private bool _exact;

    public WoodburyPreconditioner(HingeDualData data)
    {
        _data = data;
        var n = data.Rows;
        _sigma = new double[n];
        _keptInverse = new double[n];
        _order = new double[n];
        _rows = new int[n];
        _rowsScratch = new double[n];
        _nScratch = new double[n];
        _pcgR = new double[n];
        _pcgZ = new double[n];
        _pcgP = new double[n];
        _pcgAp = new double[n];
        _dScratch = new double[data.Dimension];
        _matrix = new double[data.Dimension * data.Dimension];
        ExactSigma = new double[n];
    }

    /// <summary>The Σ of the system being solved.</summary>
    public double[] ExactSigma { get; }

    /// <summary>
    /// Builds and factors the preconditioner for the current <see cref="ExactSigma"/>; false when even a raised floor
    /// on Σ leaves the d×d matrix numerically indefinite.
    /// </summary>
    public bool Factor()
    {
        var n = _data.Rows;
        var d = _data.Dimension;
        var norms = _data.SquaredNorms;
        var kappa = _data.Kappa;
        for (var floor = SigmaFloor; ; floor *= 1000)
        {
            // Rank the rows by their contribution to the d×d matrix and leave out the smallest ones within the budget.
            for (var i = 0; i < n; i++)
            {
                _sigma[i] = Math.Max(ExactSigma[i], floor * kappa * norms[i]);
                _order[i] = norms[i] / _sigma[i];
                _rows[i] = i;
            }

            Array.Copy(_order, _rowsScratch, n);
            Array.Sort(_rowsScratch, _rows);
            var budget = DropBudget * _data.LambdaN;
            var dropped = 0;
            double sum = 0;
            while (dropped < n && sum + _rowsScratch[dropped] <= budget)
            {
                sum += _rowsScratch[dropped];
                dropped++;
            }

            // Leaving rows out costs conjugate-gradient iterations (several passes over the data each); it pays only
            // when it saves most of the accumulation.
            if (dropped < n / 2)
            {
                dropped = 0;
            }

            // Trust the Woodbury solve without checking it when nothing was left out or floored and the d×d matrix is
            // well conditioned (no row weighs in beyond TrustedConditioning · λn).
            var floored = false;
            for (var i = 0; i < n && !floored; i++)
            {
                floored = _sigma[i] != ExactSigma[i];
            }

            _exact = dropped == 0 && !floored && _rowsScratch[n - 1] <= TrustedConditioning * _data.LambdaN;

            Array.Clear(_keptInverse);
            for (var k = dropped; k < n; k++)
            {
                _keptInverse[_rows[k]] = 1 / _sigma[_rows[k]];
            }

            // Sorting the kept rows by index makes the accumulation walk the CSR arrays in order.
            Array.Sort(_rows, dropped, n - dropped);
            Array.Clear(_matrix);
            _data.AccumulateGram(_rows, dropped, n, _keptInverse, _matrix);
            for (var j = 0; j < d; j++)
            {
                _matrix[(j * d) + j] += _data.LambdaN;
            }

            _cholesky = DenseCholesky.TryFactor(_matrix, d);
            if (_cholesky is not null)
            {
                return true;
            }

            if (floor > 1e-4)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Solves (Σ + κ Z Zᵀ) x = rhs to a relative residual of <paramref name="tolerance"/> in the preconditioner's norm.
    /// </summary>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> x, double tolerance, int maxIterations)
    {
        var n = _data.Rows;
        var r = _pcgR;
        var z = _pcgZ;
        var p = _pcgP;
        var ap = _pcgAp;
        x.Clear();
        rhs.CopyTo(r);
        ApplyPreconditioner(r, z);
        if (_exact)
        {
            z.CopyTo(x);
            return;
        }

        z.CopyTo(p, 0);
        var rz = Dot(r, z);
        var rz0 = rz;
        if (!(rz0 > 0))
        {
            return;
        }

        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            ApplyOperator(p, ap);
            var step = rz / Dot(p, ap);
            for (var i = 0; i < n; i++)
            {
                x[i] += step * p[i];
                r[i] -= step * ap[i];
            }

            ApplyPreconditioner(r, z);
            var next = Dot(r, z);

            if (next <= tolerance * tolerance * rz0)
            {
                return;
            }

            var beta = next / rz;
            rz = next;
            for (var i = 0; i < n; i++)
            {
                p[i] = z[i] + (beta * p[i]);
            }
        }
    }

    /// <summary>out = (Σ + κ Z Zᵀ) v.</summary>
    private void ApplyOperator(double[] v, double[] result)
    {
        _data.TransposeTimes(v, _data.Kappa, _dScratch);
        _data.Times(_dScratch, result);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] += ExactSigma[i] * v[i];
        }
    }

    private void ApplyPreconditioner(double[] r, double[] result)
    {
        var n = _data.Rows;
        for (var i = 0; i < n; i++)
        {
            _nScratch[i] = _keptInverse[i] * r[i];
        }

        _data.TransposeTimes(_nScratch, 1, _dScratch);
        _cholesky!.Solve(_dScratch);
        _data.Times(_dScratch, _nScratch);
        for (var i = 0; i < n; i++)
        {
            result[i] = (r[i] / _sigma[i]) - (_keptInverse[i] * _nScratch[i]);
        }
    }

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);
}
