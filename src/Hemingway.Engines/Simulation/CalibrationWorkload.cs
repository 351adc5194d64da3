using System.Runtime.CompilerServices;
using Hemingway.Core.Data;
using Hemingway.Core.Numerics;

namespace Hemingway.Engines.Simulation;

/// <summary>
/// The synthetic sparse data and loop that <see cref="CostModel.Calibrate"/> times: MNIST-shaped rows (d = 784 columns,
/// 150 nonzeros per row at distinct sorted columns, values in (0, 1]) and, per row, what a dual coordinate step
/// does: a sparse dot with the model, a scalar step, and a sparse axpy into the model. The data are a pure function of
/// the seed (SplitMix64), the same on every machine and .NET version, so calibrations differ only by the machine.
/// </summary>
public sealed class CalibrationWorkload
{
    /// <summary>Columns of the default workload: MNIST's 28 × 28 pixels.</summary>
    public const int DefaultColumns = 784;

    /// <summary>Nonzeros per row of the default workload: MNIST's 9 M nonzeros over 60 000 rows.</summary>
    public const int DefaultNonzerosPerRow = 150;

    /// <summary>Rows of the default workload: 16 384 rows, 2.5 M nonzeros, ≈ 20 MB, more than a core's caches hold
    /// as a full MNIST pass does.</summary>
    public const int DefaultRows = 16_384;

    /// <summary>Seed of the default workload.</summary>
    public const ulong DefaultSeed = 0x4845_4D49_4E47_5741UL;

    private readonly double[] _model;

    private CalibrationWorkload(CsrMatrix rows)
    {
        Rows = rows;
        _model = new double[rows.Columns];
    }

    /// <summary>The synthetic rows.</summary>
    public CsrMatrix Rows { get; }

    /// <summary>The model the loop updates (zero after <see cref="Reset"/>).</summary>
    public ReadOnlySpan<double> Model => _model;

    /// <summary>Work units of one full pass: the number of stored nonzeros.</summary>
    public long UnitsPerPass => Rows.NonZeros;

    /// <summary>The default, MNIST-shaped workload.</summary>
    public static CalibrationWorkload CreateDefault() =>
        Create(DefaultRows, DefaultNonzerosPerRow, DefaultColumns, DefaultSeed);

    /// <summary>A workload of <paramref name="rows"/> rows, each with <paramref name="nonzerosPerRow"/> distinct sorted
    /// columns out of <paramref name="columns"/>, drawn from <paramref name="seed"/>.</summary>
    public static CalibrationWorkload Create(int rows, int nonzerosPerRow, int columns, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nonzerosPerRow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, nonzerosPerRow);

        var state = seed;
        var offsets = new int[rows + 1];
        var indices = new int[checked(rows * nonzerosPerRow)];
        var values = new float[indices.Length];
        var chosen = new bool[columns];
        for (var i = 0; i < rows; i++)
        {
            // Floyd's sampling of nonzerosPerRow distinct columns, then written out in increasing order.
            Array.Clear(chosen);
            for (var j = columns - nonzerosPerRow; j < columns; j++)
            {
                var t = (int)(Next(ref state) % (ulong)(j + 1));
                chosen[chosen[t] ? j : t] = true;
            }

            var at = i * nonzerosPerRow;
            for (var c = 0; c < columns; c++)
            {
                if (chosen[c])
                {
                    indices[at] = c;

                    // 24 random bits: a float in (0, 1] exactly, like a normalised pixel.
                    values[at] = ((Next(ref state) >> 40) + 1) / 16_777_216f;
                    at++;
                }
            }

            offsets[i + 1] = at;
        }

        return new CalibrationWorkload(new CsrMatrix(columns, offsets, indices, values));
    }

    /// <summary>A 64-bit FNV-1a hash of the rows (offsets, indices and value bits): equal hashes, equal data.</summary>
    public ulong Fingerprint()
    {
        var hash = 0xCBF2_9CE4_8422_2325UL;
        void Mix(uint word)
        {
            for (var b = 0; b < 4; b++)
            {
                hash = (hash ^ ((word >> (8 * b)) & 0xFF)) * 0x0000_0100_0000_01B3UL;
            }
        }

        Mix((uint)Rows.Columns);
        foreach (var offset in Rows.RowOffsets)
        {
            Mix((uint)offset);
        }

        foreach (var index in Rows.Indices)
        {
            Mix((uint)index);
        }

        foreach (var value in Rows.Values)
        {
            Mix(BitConverter.SingleToUInt32Bits(value));
        }

        return hash;
    }

    /// <summary>
    /// Runs the timed loop over rows [<paramref name="start"/>, <paramref name="end"/>): for each row a dot with the
    /// model, a relaxed Kaczmarz step toward x·w = 1 (always nonzero, bounded, so every row also does its axpy), and the
    /// axpy. Returns the work units done (nonzeros visited), the unit the algorithms report.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Run(int start, int end)
    {
        var x = Rows;
        var norms = x.RowSquaredNorms;
        var w = _model.AsSpan();
        long units = 0;
        for (var i = start; i < end; i++)
        {
            var indices = x.Indices.AsSpan(x.RowOffsets[i], x.RowOffsets[i + 1] - x.RowOffsets[i]);
            var values = x.Values.AsSpan(x.RowOffsets[i], indices.Length);
            units += indices.Length;
            var margin = SparseKernels.Dot(indices, values, w);
            SparseKernels.Axpy(0.5 * (1 - margin) / norms[i], indices, values, w);
        }

        return units;
    }

    /// <summary>
    /// A worker's fixed cost per local step at MNIST's dimension, apart from the rows: copy the broadcast into a local
    /// model, then write the message (local − broadcast). Returns nothing; it exists to be timed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunCallFrame(ReadOnlySpan<double> broadcast, Span<double> local, Span<double> message)
    {
        broadcast.CopyTo(local);
        Run(0, 1);
        for (var j = 0; j < message.Length; j++)
        {
            message[j] = local[j] - broadcast[j];
        }
    }

    /// <summary>Resets the model to zero, so a pass starts from the same state.</summary>
    public void Reset() => Array.Clear(_model);

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
