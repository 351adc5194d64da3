namespace Hemingway.Core.Data;

/// <summary>
/// A sparse matrix in compressed sparse row form: float32 values, int32 column indices (0-based),
/// and each row's squared Euclidean norm cached in double, because every dual coordinate step needs it.
/// </summary>
public sealed class CsrMatrix
{
    /// <summary>Creates a matrix from its three CSR arrays; the arrays are owned by the matrix from then on.</summary>
    /// <param name="columns">Number of columns (features).</param>
    /// <param name="rowOffsets">Length rows + 1; row i holds entries rowOffsets[i] .. rowOffsets[i+1] - 1.</param>
    /// <param name="indices">Column index of every stored entry, increasing within a row.</param>
    /// <param name="values">Value of every stored entry.</param>
    public CsrMatrix(int columns, int[] rowOffsets, int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowOffsets);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowOffsets.Length == 0 || rowOffsets[0] != 0)
        {
            throw new ArgumentException("rowOffsets must start with 0.", nameof(rowOffsets));
        }

        if (indices.Length != values.Length || rowOffsets[^1] != indices.Length)
        {
            throw new ArgumentException("indices, values and the last row offset must agree in length.");
        }

        Columns = columns;
        RowOffsets = rowOffsets;
        Indices = indices;
        Values = values;
        RowSquaredNorms = new double[rowOffsets.Length - 1];
        for (var i = 0; i < RowSquaredNorms.Length; i++)
        {
            double sum = 0;
            foreach (var v in Values.AsSpan(RowOffsets[i], RowOffsets[i + 1] - RowOffsets[i]))
            {
                sum += (double)v * v;
            }

            RowSquaredNorms[i] = sum;
        }
    }

    /// <summary>Number of rows (examples).</summary>
    public int Rows => RowOffsets.Length - 1;

    /// <summary>Number of columns (features).</summary>
    public int Columns { get; }

    /// <summary>Number of stored entries.</summary>
    public long NonZeros => Indices.Length;

    /// <summary>Row i's entries start at RowOffsets[i]; length Rows + 1.</summary>
    public int[] RowOffsets { get; }

    /// <summary>Column index of every stored entry.</summary>
    public int[] Indices { get; }

    /// <summary>Value of every stored entry.</summary>
    public float[] Values { get; }

    /// <summary>‖x_i‖² for every row, in double.</summary>
    public double[] RowSquaredNorms { get; }

    /// <summary>The column indices of row i.</summary>
    public ReadOnlySpan<int> RowIndices(int i) => Indices.AsSpan(RowOffsets[i], RowOffsets[i + 1] - RowOffsets[i]);

    /// <summary>The values of row i.</summary>
    public ReadOnlySpan<float> RowValues(int i) => Values.AsSpan(RowOffsets[i], RowOffsets[i + 1] - RowOffsets[i]);

    /// <summary>A new matrix holding the given rows, in the given order.</summary>
    public CsrMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var offsets = new int[rows.Length + 1];
        long total = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            total += RowOffsets[rows[k] + 1] - RowOffsets[rows[k]];
            offsets[k + 1] = checked((int)total);
        }

        var indices = new int[total];
        var values = new float[total];
        for (var k = 0; k < rows.Length; k++)
        {
            RowIndices(rows[k]).CopyTo(indices.AsSpan(offsets[k]));
            RowValues(rows[k]).CopyTo(values.AsSpan(offsets[k]));
        }

        return new CsrMatrix(Columns, offsets, indices, values);
    }
}
