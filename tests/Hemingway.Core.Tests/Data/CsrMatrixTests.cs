using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class CsrMatrixTests
{
    [Fact]
    public void Caches_row_squared_norms()
    {
        var m = new CsrMatrix(3, [0, 2, 3, 3], [0, 2, 1], [3f, 4f, 2f]);
        Assert.Equal([25.0, 4.0, 0.0], m.RowSquaredNorms);
        Assert.Equal(3, m.Rows);
        Assert.Equal(3, m.NonZeros);
    }

    [Fact]
    public void Select_rows_copies_the_rows_in_the_given_order()
    {
        var m = new CsrMatrix(3, [0, 2, 3, 3], [0, 2, 1], [3f, 4f, 2f]);
        var s = m.SelectRows([1, 2, 0]);
        Assert.Equal([0, 1, 1, 3], s.RowOffsets);
        Assert.Equal([1, 0, 2], s.Indices);
        Assert.Equal([2f, 3f, 4f], s.Values);
        Assert.Equal([4.0, 0.0, 25.0], s.RowSquaredNorms);
    }

    [Fact]
    public void Rejects_arrays_that_disagree()
    {
        Assert.Throws<ArgumentException>(() => new CsrMatrix(3, [0, 2], [0], [1f]));
        Assert.Throws<ArgumentException>(() => new CsrMatrix(3, [1, 2], [0, 1], [1f, 2f]));
    }
}
