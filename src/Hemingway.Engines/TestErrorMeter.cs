using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;
using Hemingway.Engines.Traces;

namespace Hemingway.Engines;

/// <summary>
/// Measures a model w on a held-out test set (see <see cref="TraceRow.TestError"/>): for a classification loss the
/// misclassification rate, the prediction being +1 when x·w &gt; 0 and −1 otherwise (as LIBLINEAR's for labels ±1);
/// for the squared loss the mean squared error 1/n Σ (x·w − y)². The rows are split into a fixed set of blocks measured
/// in parallel, whose partial sums are added in block order, so the result does not depend on thread timing; nothing is
/// allocated per measurement but what <see cref="Parallel.For(int, int, Action{int})"/> itself needs.
/// </summary>
public sealed class TestErrorMeter
{
    /// <summary>Rows per block: enough work to be worth a task, few enough blocks to share among the cores.</summary>
    private const int RowsPerBlock = 2048;

    private readonly Dataset _test;
    private readonly bool _classification;
    private readonly double[] _blockSums;
    private readonly Action<int> _measureBlock;
    private double[] _weights = [];

    /// <summary>A meter of models for <paramref name="loss"/> on <paramref name="test"/>.</summary>
    /// <exception cref="HemingwayException">The test set is empty, or a classification loss meets labels other than ±1.</exception>
    public TestErrorMeter(Dataset test, ILoss loss)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(loss);
        if (test.Rows == 0)
        {
            throw new HemingwayException($"test data '{test.Name}' has no rows");
        }

        if (loss.IsClassification && !test.IsBinary)
        {
            throw new HemingwayException($"test data '{test.Name}' has labels other than ±1, but the {loss.Name} loss classifies");
        }

        _test = test;
        _classification = loss.IsClassification;
        _blockSums = new double[(test.Rows + RowsPerBlock - 1) / RowsPerBlock];
        _measureBlock = MeasureBlock;
    }

    /// <summary>d, the dimension a model must have.</summary>
    public int Dimension => _test.Dimension;

    /// <summary>The test error of <paramref name="weights"/> (length <see cref="Dimension"/>).</summary>
    public double Measure(double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != _test.Dimension)
        {
            throw new ArgumentException($"a model of dimension {weights.Length} for test data of dimension {_test.Dimension}", nameof(weights));
        }

        _weights = weights;
        Parallel.For(0, _blockSums.Length, _measureBlock);
        _weights = [];
        var total = 0.0;
        foreach (var sum in _blockSums)
        {
            total += sum;
        }

        return total / _test.Rows;
    }

    private void MeasureBlock(int block)
    {
        var features = _test.Features;
        var labels = _test.Labels;
        var end = Math.Min(_test.Rows, (block + 1) * RowsPerBlock);
        var sum = 0.0;
        for (var i = block * RowsPerBlock; i < end; i++)
        {
            var margin = SparseKernels.Dot(features.RowIndices(i), features.RowValues(i), _weights);
            if (_classification)
            {
                var predicted = margin > 0 ? 1.0 : -1.0;
                sum += predicted == labels[i] ? 0 : 1;
            }
            else
            {
                var residual = margin - labels[i];
                sum += residual * residual;
            }
        }

        _blockSums[block] = sum;
    }
}
