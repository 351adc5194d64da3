using Hemingway.Core;

namespace Hemingway.Modeling.Regression;

/// <summary>
/// A dense matrix stored column by column, so that coordinate descent reads each feature as one contiguous span.
/// </summary>
internal sealed class ColumnMajorMatrix
{
    /// <summary>The spacing of doubles at 1 (NumPy's <c>finfo(float64).eps</c>).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    public ColumnMajorMatrix(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        Values = new double[rows * columns];
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Column j occupies [j · Rows, (j + 1) · Rows).</summary>
    public double[] Values { get; }

    public Span<double> Column(int j) => Values.AsSpan(j * Rows, Rows);

    /// <summary>
    /// A column-major copy of a row-major design, after checking it against <paramref name="y"/>: matching row counts,
    /// at least one row and one feature, and only finite numbers (a <see cref="HemingwayException"/> otherwise).
    /// </summary>
    public static ColumnMajorMatrix FromDesign(double[,] x, double[] y, string caller)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var rows = x.GetLength(0);
        var columns = x.GetLength(1);
        if (rows == 0 || columns == 0)
        {
            throw new HemingwayException($"{caller}: the design matrix is empty ({rows} rows, {columns} features)");
        }

        if (y.Length != rows)
        {
            throw new HemingwayException($"{caller}: the design matrix has {rows} rows but y has {y.Length} values");
        }

        var matrix = new ColumnMajorMatrix(rows, columns);
        var values = matrix.Values;
        for (var i = 0; i < rows; i++)
        {
            if (!double.IsFinite(y[i]))
            {
                throw new HemingwayException($"{caller}: y[{i}] is {y[i]}; every value must be a finite number");
            }

            for (var j = 0; j < columns; j++)
            {
                var value = x[i, j];
                if (!double.IsFinite(value))
                {
                    throw new HemingwayException($"{caller}: x[{i}, {j}] is {value}; every value must be a finite number");
                }

                values[(j * rows) + i] = value;
            }
        }

        return matrix;
    }

    /// <summary>
    /// Standardises every column in place to zero mean and unit population variance, as scikit-learn's
    /// <c>StandardScaler</c> does: the variance by the corrected two-pass algorithm, and scale 1 for a column
    /// indistinguishable from a constant (variance ≤ n·ε·var + (n·mean·ε)²). With <paramref name="centre"/> false the
    /// columns are only divided by their scales (the means are reported as 0).
    /// </summary>
    public (double[] Means, double[] Scales) Standardize(bool centre)
    {
        var means = new double[Columns];
        var scales = new double[Columns];
        for (var j = 0; j < Columns; j++)
        {
            var column = Column(j);
            var sum = 0.0;
            foreach (var value in column)
            {
                sum += value;
            }

            var mean = sum / Rows;
            double correction = 0, squares = 0;
            foreach (var value in column)
            {
                var deviation = value - mean;
                correction += deviation;
                squares += deviation * deviation;
            }

            var variance = (squares - (correction * correction / Rows)) / Rows;
            var constant = variance <= (Rows * MachineEpsilon * variance) + Math.Pow(Rows * mean * MachineEpsilon, 2);
            var scale = constant ? 1.0 : Math.Sqrt(variance);
            var shift = centre ? mean : 0.0;
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = (column[i] - shift) / scale;
            }

            means[j] = shift;
            scales[j] = scale;
        }

        return (means, scales);
    }
}
