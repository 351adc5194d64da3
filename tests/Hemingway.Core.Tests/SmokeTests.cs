using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void Csr_caches_row_norms()
    {
        var m = new CsrMatrix(3, [0, 2, 3], [0, 2, 1], [3f, 4f, 2f]);
        Assert.Equal(25.0, m.RowSquaredNorms[0]);
        Assert.Equal(4.0, m.RowSquaredNorms[1]);
    }
}
