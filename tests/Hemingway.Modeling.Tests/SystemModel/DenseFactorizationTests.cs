using Hemingway.Modeling.Numerics;
using Xunit;

namespace Hemingway.Modeling.Tests.SystemModel;

/// <summary>The small dense factorizations NNLS and the experiment design stand on.</summary>
public sealed class DenseFactorizationTests
{
    private static readonly double[,] Tall = { { 1, 2, 0 }, { 3, -1, 2 }, { 0, 4, 1 }, { 2, 2, 2 }, { -1, 0, 5 } };

    [Fact]
    public void Qr_solves_least_squares_like_the_normal_equations()
    {
        double[] b = [1, 2, 3, 4, 5];
        var z = HouseholderQr.Factor(Tall).SolveLeastSquares(b);

        // Aᵀ(A z − b) = 0 at the least squares solution.
        for (var j = 0; j < 3; j++)
        {
            var g = 0.0;
            for (var i = 0; i < 5; i++)
            {
                var r = -b[i];
                for (var c = 0; c < 3; c++)
                {
                    r += Tall[i, c] * z[c];
                }

                g += Tall[i, j] * r;
            }

            Assert.Equal(0, g, 1e-12);
        }
    }

    [Fact]
    public void Q_is_orthogonal_and_maps_a_onto_r()
    {
        var qr = HouseholderQr.Factor(Tall, [2, 0]);
        double[] x = [0.3, -1, 2, 0.5, 7];
        var y = (double[])x.Clone();
        qr.ApplyTransposeQ(y);
        Assert.Equal(Norm(x), Norm(y), 1e-12);
        qr.ApplyQ(y);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], y[i], 1e-12);
        }

        // Qᵀ a₂ = R's first column: (±‖a₂‖, 0, 0, 0, 0).
        var column = Enumerable.Range(0, 5).Select(i => Tall[i, 2]).ToArray();
        qr.ApplyTransposeQ(column);
        Assert.Equal(Norm(Enumerable.Range(0, 5).Select(i => Tall[i, 2]).ToArray()), Math.Abs(column[0]), 1e-12);
        Assert.Equal(qr.Diagonal(0), column[0], 1e-12);
        Assert.All(column.Skip(1), v => Assert.Equal(0, v, 1e-12));
        Assert.Equal(qr.UpperTriangle()[0, 0], qr.Diagonal(0));
    }

    [Fact]
    public void Qr_refuses_dependent_columns()
    {
        var a = new double[,] { { 1, 2 }, { 2, 4 }, { 3, 6 } };
        Assert.Throws<InvalidOperationException>(() => HouseholderQr.Factor(new double[,] { { 1, 0 }, { 2, 0 }, { 3, 0 } }).SolveLeastSquares([1, 2, 3]));
        var z = HouseholderQr.Factor(a, [0]).SolveLeastSquares([1, 2, 3]);
        Assert.Equal(1, z[0], 1e-14);
    }

    [Fact]
    public void Cholesky_inverts_and_solves()
    {
        var a = new double[,] { { 4, 2, 0.4 }, { 2, 5, 1 }, { 0.4, 1, 3 } };
        var factor = Cholesky.Factor(a);
        var inverse = factor.Inverse();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var s = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    s += a[i, k] * inverse[k, j];
                }

                Assert.Equal(i == j ? 1 : 0, s, 1e-14);
            }
        }

        double[] b = [1, -2, 0.5];
        var x = (double[])b.Clone();
        factor.Solve(x);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(b[i], (a[i, 0] * x[0]) + (a[i, 1] * x[1]) + (a[i, 2] * x[2]), 1e-14);
        }

        Assert.Null(Cholesky.TryFactor(new double[,] { { 1, 2 }, { 2, 1 } }));
        Assert.Throws<InvalidOperationException>(() => Cholesky.Factor(new double[,] { { 0 } }));
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
}
