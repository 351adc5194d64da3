using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hemingway.Core.Data;
using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Optimum;

/// <summary>
/// The hinge dual as a box-constrained quadratic program in b = α y ∈ [0, 1]ⁿ, scaled by n:
/// f(b) = ½ bᵀ Q b − Σ b_i with Q = κ Z Zᵀ, κ = 1/(λn), and rows z_i = y_i x_i, so that D(α) = −f(b)/n,
/// w = κ Zᵀ b and the gradient of f is g = Z w − 1 (margin minus one). Holds the operators every hinge solver here
/// needs, computed straight from the CSR rows.
/// </summary>
internal sealed class HingeDualData
{
    private readonly CsrMatrix _x;
    private readonly double[] _y;
    private readonly int _threads;
    private double[][] _partials = [];
    private int[] _chunkBounds = [];

    public HingeDualData(RegularizedProblem problem, int threads)
    {
        Problem = problem;
        _x = problem.Data.Features;
        _y = problem.Data.Labels;
        Rows = problem.Rows;
        Dimension = problem.Dimension;
        LambdaN = problem.Lambda * problem.Rows;
        Kappa = 1.0 / LambdaN;
        _threads = Math.Max(1, threads);
        var maxNonZeros = 0;
        for (var i = 0; i < Rows; i++)
        {
            maxNonZeros = Math.Max(maxNonZeros, _x.RowOffsets[i + 1] - _x.RowOffsets[i]);
        }

        MaxRowNonZeros = maxNonZeros;
    }

    /// <summary>The problem this is the dual of.</summary>
    public RegularizedProblem Problem { get; }

    /// <summary>n.</summary>
    public int Rows { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>λn, the diagonal of the d×d Woodbury matrix.</summary>
    public double LambdaN { get; }

    /// <summary>κ = 1/(λn).</summary>
    public double Kappa { get; }

    /// <summary>The longest row's number of stored entries.</summary>
    public int MaxRowNonZeros { get; }

    /// <summary>‖x_i‖².</summary>
    public double[] SquaredNorms => _x.RowSquaredNorms;

    /// <summary>The label y_i.</summary>
    public double Label(int i) => _y[i];

    /// <summary>w = scale · Σ v_i y_i x_i (w = κ Zᵀ b with scale κ).</summary>
    public void TransposeTimes(double[] v, double scale, double[] w)
    {
        var chunks = PassChunks();
        if (chunks == 1)
        {
            TransposeTimesRange(v, 0, Rows, w);
        }
        else
        {
            var bounds = ChunkBounds(chunks);
            var partial = new double[chunks][];
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, p =>
            {
                partial[p] = new double[Dimension];
                TransposeTimesRange(v, bounds[p], bounds[p + 1], partial[p]);
            });
            partial[0].CopyTo(w);
            for (var p = 1; p < chunks; p++)
            {
                TensorPrimitives.Add<double>(w, partial[p], w);
            }
        }

        if (scale != 1)
        {
            TensorPrimitives.Multiply<double>(w, scale, w);
        }
    }

    /// <summary>m_i = y_i x_i·w for every row (Z w).</summary>
    public void Times(double[] w, double[] margins)
    {
        var chunks = PassChunks();
        if (chunks == 1)
        {
            TimesRange(w, 0, Rows, margins);
            return;
        }

        var bounds = ChunkBounds(chunks);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, p =>
            TimesRange(w, bounds[p], bounds[p + 1], margins));
    }

    private void TransposeTimesRange(ReadOnlySpan<double> v, int from, int to, Span<double> w)
    {
        w.Clear();
        for (var i = from; i < to; i++)
        {
            if (v[i] != 0)
            {
                SparseKernels.Axpy(v[i] * _y[i], _x.RowIndices(i), _x.RowValues(i), w);
            }
        }
    }

    private void TimesRange(ReadOnlySpan<double> w, int from, int to, Span<double> margins)
    {
        for (var i = from; i < to; i++)
        {
            margins[i] = _y[i] * SparseKernels.Dot(_x.RowIndices(i), _x.RowValues(i), w);
        }
    }

    // A pass over the data is worth splitting only when it is long: about 0.25M stored entries per thread at least.
    private int PassChunks() => (int)Math.Clamp(_x.NonZeros / 250_000, 1, _threads);

    /// <summary>Row bounds of <paramref name="chunks"/> pieces with about the same number of stored entries.</summary>
    private int[] ChunkBounds(int chunks)
    {
        if (_chunkBounds.Length == chunks + 1)
        {
            return _chunkBounds;
        }

        var bounds = new int[chunks + 1];
        bounds[chunks] = Rows;
        var row = 0;
        for (var p = 1; p < chunks; p++)
        {
            var target = _x.NonZeros * p / chunks;
            while (row < Rows && _x.RowOffsets[row] < target)
            {
                row++;
            }

            bounds[p] = row;
        }

        _chunkBounds = bounds;
        return bounds;
    }

    /// <summary>y_i x_i·w for one row.</summary>
    public double Margin(int i, ReadOnlySpan<double> w) => _y[i] * SparseKernels.Dot(_x.RowIndices(i), _x.RowValues(i), w);

    /// <summary>w += scale · y_i x_i.</summary>
    public void AddRow(int i, double scale, Span<double> w) =>
        SparseKernels.Axpy(scale * _y[i], _x.RowIndices(i), _x.RowValues(i), w);

    /// <summary>Writes y_i x_i densely into <paramref name="destination"/> (length d, cleared first).</summary>
    public void Densify(int i, Span<double> destination)
    {
        destination.Clear();
        var indices = _x.RowIndices(i);
        var values = _x.RowValues(i);
        for (var k = 0; k < indices.Length; k++)
        {
            destination[indices[k]] = _y[i] * values[k];
        }
    }

    /// <summary>
    /// (P, D) at b with w = κ Zᵀ b and g = Z w − 1 already computed:
    /// P = 1/n Σ max(0, −g_i) + λ/2 ‖w‖², D = 1/n Σ b_i − λ/2 ‖w‖². For progress and decisions only; the certificate
    /// is computed by <see cref="RegularizedProblem"/> itself.
    /// </summary>
    public (double Primal, double Dual) Objectives(ReadOnlySpan<double> b, ReadOnlySpan<double> w, ReadOnlySpan<double> g)
    {
        var hinge = new CompensatedSum();
        var linear = new CompensatedSum();
        for (var i = 0; i < Rows; i++)
        {
            if (g[i] < 0)
            {
                hinge.Add(-g[i]);
            }

            linear.Add(b[i]);
        }

        var norm = new CompensatedSum();
        foreach (var v in w)
        {
            norm.Add(v * v);
        }

        var regulariser = 0.5 * Problem.Lambda * norm.Value;
        return ((hinge.Value / Rows) + regulariser, (linear.Value / Rows) - regulariser);
    }

    /// <summary>
    /// Adds Σ_{from ≤ k &lt; to} weight[rows[k]] · x x ᵀ (x = x_{rows[k]}) to the lower triangle of the row-major d×d
    /// <paramref name="target"/>, splitting the rows over the worker threads (each with its own accumulator).
    /// </summary>
    public void AccumulateGram(int[] rows, int from, int to, double[] weight, double[] target)
    {
        var d = Dimension;
        long work = 0;
        for (var k = from; k < to; k++)
        {
            long nnz = _x.RowOffsets[rows[k] + 1] - _x.RowOffsets[rows[k]];
            work += nnz * nnz;
        }

        var threads = (int)Math.Clamp(work / 20_000_000, 1, _threads);
        if (threads == 1)
        {
            AccumulateRange(rows, from, to, weight, target);
            return;
        }

        if (_partials.Length < threads - 1)
        {
            _partials = new double[threads - 1][];
            for (var p = 0; p < threads - 1; p++)
            {
                _partials[p] = new double[d * d];
            }
        }

        // Contiguous chunks of (roughly) equal work.
        var bounds = new int[threads + 1];
        bounds[0] = from;
        bounds[threads] = to;
        long running = 0;
        var next = 1;
        for (var k = from; k < to && next < threads; k++)
        {
            long nnz = _x.RowOffsets[rows[k] + 1] - _x.RowOffsets[rows[k]];
            running += nnz * nnz;
            if (running * threads >= work * next)
            {
                bounds[next++] = k + 1;
            }
        }

        for (; next < threads; next++)
        {
            bounds[next] = to;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
        {
            var buffer = p == 0 ? target : _partials[p - 1];
            if (p > 0)
            {
                Array.Clear(buffer);
            }

            AccumulateRange(rows, bounds[p], bounds[p + 1], weight, buffer);
        });

        for (var p = 0; p < threads - 1; p++)
        {
            var partial = _partials[p];
            for (var r = 0; r < d; r++)
            {
                var row = target.AsSpan(r * d, r + 1);
                TensorPrimitives.Add<double>(row, partial.AsSpan(r * d, r + 1), row);
            }
        }
    }

    private void AccumulateRange(int[] rows, int from, int to, double[] weight, double[] target)
    {
        var d = Dimension;
        var scaled = new double[MaxRowNonZeros];
        var plain = new double[MaxRowNonZeros];
        ref var m0 = ref MemoryMarshal.GetArrayDataReference(target);
        for (var k = from; k < to; k++)
        {
            var i = rows[k];
            var indices = _x.RowIndices(i);
            var values = _x.RowValues(i);
            var c = weight[i];
            for (var e = 0; e < values.Length; e++)
            {
                plain[e] = values[e];
            }

            TensorPrimitives.Multiply<double>(plain.AsSpan(0, values.Length), c, scaled.AsSpan(0, values.Length));
            AddOuter(ref m0, d, indices, scaled, plain);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddOuter(ref double m0, int d, ReadOnlySpan<int> indices, double[] scaled, double[] plain)
    {
        ref var index = ref MemoryMarshal.GetReference(indices);
        ref var s = ref MemoryMarshal.GetArrayDataReference(scaled);
        ref var v = ref MemoryMarshal.GetArrayDataReference(plain);
        var m = indices.Length;
        for (var a = 0; a < m; a++)
        {
            ref var row = ref Unsafe.Add(ref m0, (nint)Unsafe.Add(ref index, a) * d);
            var sa = Unsafe.Add(ref s, a);
            var c = 0;
            for (; c + 1 <= a; c += 2)
            {
                Unsafe.Add(ref row, Unsafe.Add(ref index, c)) += sa * Unsafe.Add(ref v, c);
                Unsafe.Add(ref row, Unsafe.Add(ref index, c + 1)) += sa * Unsafe.Add(ref v, c + 1);
            }

            for (; c <= a; c++)
            {
                Unsafe.Add(ref row, Unsafe.Add(ref index, c)) += sa * Unsafe.Add(ref v, c);
            }
        }
    }
}
