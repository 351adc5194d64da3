using System.Numerics.Tensors;

namespace Hemingway.Modeling.Regression;

/// <summary>
/// One Lasso problem ready for coordinate descent: a column-major copy of the chosen rows, centred (X − x̄, y − ȳ) when
/// an intercept is fitted, as scikit-learn's <c>_preprocess_data</c> does, with the solver's buffers. Solves at any
/// number of penalties, each warm-started from the coefficients it is given. Not thread-safe; one per thread.
/// </summary>
internal sealed class LassoProblem
{
    private readonly ColumnMajorMatrix _x;
    private readonly double[] _y;
    private readonly double[] _columnNorms;
    private readonly double[] _residual;
    private readonly double[] _scratch;
    private readonly double _yNorm2;
    private double[]? _gram;
    private double[]? _xty;

    private LassoProblem(ColumnMajorMatrix x, double[] y, double[] columnMeans, double targetMean)
    {
        _x = x;
        _y = y;
        ColumnMeans = columnMeans;
        TargetMean = targetMean;
        _columnNorms = new double[x.Columns];
        for (var j = 0; j < x.Columns; j++)
        {
            var column = x.Column(j);
            _columnNorms[j] = TensorPrimitives.Dot(column, column);
        }

        _yNorm2 = TensorPrimitives.Dot(y, y);
        _residual = new double[x.Rows];
        _scratch = new double[x.Columns];
    }

    public int Rows => _x.Rows;

    public int Features => _x.Columns;

    /// <summary>x̄, the column means subtracted (zeros without an intercept).</summary>
    public double[] ColumnMeans { get; }

    /// <summary>ȳ (0 without an intercept).</summary>
    public double TargetMean { get; }

    /// <summary>
    /// scikit-learn's <c>precompute='auto'</c>: the Gram solver when there are more rows than features.
    /// </summary>
    public bool PrefersGram => Rows > Features;

    /// <summary>The problem on <paramref name="rows"/> of <paramref name="source"/> (every row when null).</summary>
    public static LassoProblem Create(ColumnMajorMatrix source, ReadOnlySpan<double> y, int[]? rows, bool fitIntercept)
    {
        var count = rows?.Length ?? source.Rows;
        var x = new ColumnMajorMatrix(count, source.Columns);
        var means = new double[source.Columns];
        for (var j = 0; j < source.Columns; j++)
        {
            var from = source.Column(j);
            var to = x.Column(j);
            if (rows is null)
            {
                from.CopyTo(to);
            }
            else
            {
                for (var i = 0; i < rows.Length; i++)
                {
                    to[i] = from[rows[i]];
                }
            }

            if (fitIntercept)
            {
                means[j] = Mean(to);
                TensorPrimitives.Subtract(to, means[j], to);
            }
        }

        var target = new double[count];
        if (rows is null)
        {
            y.CopyTo(target);
        }
        else
        {
            for (var i = 0; i < rows.Length; i++)
            {
                target[i] = y[rows[i]];
            }
        }

        var targetMean = 0.0;
        if (fitIntercept)
        {
            targetMean = Mean(target);
            TensorPrimitives.Subtract(target, targetMean, target);
        }

        return new LassoProblem(x, target, means, targetMean);
    }

    /// <summary>
    /// Minimises (1 / (2n)) ‖y − Xw‖² + α ‖w‖₁ on the centred data from the coefficients in <paramref name="w"/>,
    /// overwriting them with the solution. The gap returned is that of the 1/(2n)-scaled objective.
    /// </summary>
    public DescentOutcome Solve(double alpha, Span<double> w, LassoOptions options, bool gram)
    {
        var penalty = alpha * Rows;
        DescentOutcome outcome;
        if (gram)
        {
            EnsureGram();
            outcome = CoordinateDescent.Gram(_gram, _xty, _yNorm2, w, _scratch, penalty, options.Tolerance, options.MaxIterations);
        }
        else
        {
            outcome = CoordinateDescent.Residual(
                _x.Values, Rows, _columnNorms, _y, w, _residual, _scratch, penalty, options.Tolerance, options.MaxIterations);
        }

        return outcome with { Gap = outcome.Gap / Rows };
    }

    /// <summary>b = ȳ − x̄ᵀw (0 without an intercept, where both are 0).</summary>
    public double Intercept(ReadOnlySpan<double> w) => TargetMean - TensorPrimitives.Dot(ColumnMeans, w);

    /// <summary>The fit as a <see cref="LassoFit"/> (copies <paramref name="w"/>).</summary>
    public LassoFit ToFit(double alpha, ReadOnlySpan<double> w, DescentOutcome outcome) =>
        new(alpha, w.ToArray(), Intercept(w), outcome.Gap, outcome.Iterations, outcome.Converged);

    /// <summary>max_j |X_jᵀy| / n on the centred data: the smallest α whose solution is w = 0.</summary>
    public double AlphaMax()
    {
        var max = 0.0;
        for (var j = 0; j < Features; j++)
        {
            max = Math.Max(max, Math.Abs(TensorPrimitives.Dot(_x.Column(j), _y)));
        }

        return max / Rows;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_gram), nameof(_xty))]
    private void EnsureGram()
    {
        if (_gram is not null && _xty is not null)
        {
            return;
        }

        var p = Features;
        var gram = new double[p * p];
        var xty = new double[p];
        for (var j = 0; j < p; j++)
        {
            var column = _x.Column(j);
            xty[j] = TensorPrimitives.Dot(column, _y);
            for (var k = 0; k <= j; k++)
            {
                var value = TensorPrimitives.Dot(column, _x.Column(k));
                gram[(j * p) + k] = value;
                gram[(k * p) + j] = value;
            }
        }

        _gram = gram;
        _xty = xty;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }
}
