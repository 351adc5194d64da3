namespace Hemingway.Core.Data;

/// <summary>
/// Examples x_i (rows of a CSR matrix) with labels y_i. For classification the labels are ±1;
/// for regression any finite number.
/// </summary>
/// <param name="Name">Where the data came from, for messages and trace records (a spec such as "mnist:5" or a path).</param>
/// <param name="Features">The example matrix, one row per example.</param>
/// <param name="Labels">One label per row.</param>
public sealed record Dataset(string Name, CsrMatrix Features, double[] Labels)
{
    /// <summary>Number of examples n.</summary>
    public int Rows => Features.Rows;

    /// <summary>Dimension d.</summary>
    public int Dimension => Features.Columns;

    /// <summary>A dataset holding the given rows in the given order.</summary>
    public Dataset SelectRows(ReadOnlySpan<int> rows, string? name = null)
    {
        var labels = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            labels[k] = Labels[rows[k]];
        }

        return new Dataset(name ?? Name, Features.SelectRows(rows), labels);
    }

    /// <summary>True when every label is −1 or +1.</summary>
    public bool IsBinary => Array.TrueForAll(Labels, y => y is 1.0 or -1.0);
}
