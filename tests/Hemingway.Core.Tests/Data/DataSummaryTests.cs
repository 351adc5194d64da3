using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class DataSummaryTests
{
    [Fact]
    public void Counts_shape_sparsity_and_class_balance()
    {
        var matrix = new CsrMatrix(5, [0, 2, 2, 5, 6], [0, 4, 1, 2, 3, 0], [1f, 2f, 3f, 4f, 5f, 6f]);
        var summary = DataSummary.Of(new Dataset("s", matrix, [1, -1, 1, 0.5]));

        Assert.Equal(new DataSummary("s", Rows: 4, Features: 5, NonZeros: 6, Positives: 2, Negatives: 1, OtherLabels: 1, EmptyRows: 1, MaxRowNonZeros: 3), summary);
        Assert.Equal(6.0 / 20, summary.Density);
        Assert.Equal(1.5, summary.MeanRowNonZeros);
        Assert.Equal(2.0 / 3, summary.PositiveFraction);
        Assert.False(summary.IsBinary);
    }

    [Fact]
    public void An_empty_matrix_has_zero_density()
    {
        var summary = DataSummary.Of(new Dataset("e", new CsrMatrix(0, [0, 0], [], []), [1]));
        Assert.Equal(0, summary.Density);
        Assert.True(summary.IsBinary);
    }
}
