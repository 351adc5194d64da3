using System.Text.Json;
using Hemingway.Core;
using Hemingway.Modeling.SystemModel;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Modeling.Tests.SystemModel;

/// <summary>Lawson–Hanson NNLS against scipy.optimize.nnls (Debian's python3-scipy) and against its KKT conditions.</summary>
public sealed class NnlsTests
{
    private const double Tolerance = 1e-8;

    /// <summary>Reads JSON [{"a": [[…]], "b": […]}, …] from argv[1]; prints [{"x": […], "rnorm": r}, …].</summary>
    private const string ScipyNnls = """
        import json, sys
        import numpy as np
        from scipy.optimize import nnls
        problems = json.loads(open(sys.argv[1]).read())
        out = []
        for p in problems:
            x, rnorm = nnls(np.array(p["a"], dtype=float), np.array(p["b"], dtype=float))
            out.append({"x": [float(v) for v in x], "rnorm": float(rnorm)})
        print(json.dumps(out))
        """;

    [Fact]
    public void Matches_scipy_on_random_problems_including_rank_deficient_and_mostly_active_ones()
    {
        var problems = RandomProblems().ToList();
        Assert.True(problems.Count >= 20);
        var reference = Scipy(problems.Select(p => (p.A, p.B)).ToList());

        for (var k = 0; k < problems.Count; k++)
        {
            var (name, a, b) = problems[k];
            var ours = Nnls.Solve(a, b);
            var (x, rnorm) = reference[k];
            var scale = Math.Max(1, x.Max(Math.Abs));
            for (var j = 0; j < x.Length; j++)
            {
                Assert.True(
                    Math.Abs(ours.X[j] - x[j]) <= Tolerance * scale,
                    $"{name}: x[{j}] = {ours.X[j]:R}, scipy {x[j]:R}\n ours  [{string.Join(", ", ours.X)}]\n scipy [{string.Join(", ", x)}]");
            }

            Assert.True(Math.Abs(ours.ResidualNorm - rnorm) <= Tolerance * Math.Max(1, rnorm), $"{name}: rnorm {ours.ResidualNorm:R}, scipy {rnorm:R}");
            AssertKkt(name, a, b, ours.X);
        }
    }

    [Fact]
    public void Matches_scipy_on_the_ernest_fixture_design()
    {
        var points = ErnestCsv.Read(ReferencePaths.ErnestFixture);
        var a = new double[points.Count, ErnestModel.FeatureCount];
        var b = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var f = ErnestModel.Features(points[i].Machines, points[i].Fraction);
            for (var j = 0; j < f.Length; j++)
            {
                a[i, j] = f[j];
            }

            b[i] = points[i].Seconds;
        }

        var ours = Nnls.Solve(a, b);
        var (x, rnorm) = Scipy([(a, b)])[0];
        for (var j = 0; j < x.Length; j++)
        {
            Assert.True(Math.Abs(ours.X[j] - x[j]) <= Tolerance * Math.Max(1, Math.Abs(x[j])), $"θ{j} = {ours.X[j]:R}, scipy {x[j]:R}");
        }

        Assert.Equal(rnorm, ours.ResidualNorm, Tolerance);
        Assert.Equal(0, ours.X[3]);
        Assert.True(ours.Iterations is > 0 and <= 12);
    }

    [Fact]
    public void Negative_right_hand_side_gives_zero()
    {
        var a = new double[,] { { 1, 0 }, { 1, 0 }, { 0, 1 } };
        var result = Nnls.Solve(a, [-1, -1, -1]);
        Assert.Equal([0.0, 0.0], result.X);
        Assert.Equal(Math.Sqrt(3), result.ResidualNorm, 1e-15);

        var positive = Nnls.Solve(a, [2, 1, 1]);
        Assert.Equal(1.5, positive.X[0], 1e-14);
        Assert.Equal(1.0, positive.X[1], 1e-14);
        Assert.Equal(Math.Sqrt(0.5), positive.ResidualNorm, 1e-14);
    }

    [Fact]
    public void Duplicate_and_zero_columns_are_not_admitted_twice()
    {
        // Columns 0 and 2 are equal, column 1 is zero: the fit uses one copy only, exactly.
        var a = new double[,] { { 1, 0, 1 }, { 2, 0, 2 }, { 3, 0, 3 }, { 1, 0, 1 } };
        var result = Nnls.Solve(a, [2, 4, 6, 2]);
        Assert.Equal(2, result.X[0] + result.X[2], 1e-12);
        Assert.Equal(0, result.X[1]);
        Assert.True(result.X[0] == 0 || result.X[2] == 0, "only one of the duplicates should be in the passive set");
        Assert.True(result.ResidualNorm < 1e-12);
    }

    [Fact]
    public void The_iteration_limit_throws_a_clear_error()
    {
        // Needs two least squares solves at least (two columns enter), so a limit of one is hit.
        var a = new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        var e = Assert.Throws<HemingwayException>(() => Nnls.Solve(a, [1, 2, 3], maxIterations: 1));
        Assert.Contains("NNLS stopped after 1 least squares solves", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        // The default limit (3·n) is ample for it.
        var result = Nnls.Solve(a, [1, 2, 3]);
        Assert.Equal(1, result.X[0], 1e-12);
        Assert.Equal(2, result.X[1], 1e-12);
    }

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Nnls.Solve(new double[3, 2], [1, 2]));
        Assert.Throws<ArgumentException>(() => Nnls.Solve(new double[,] { { double.NaN } }, [1]));
    }

    /// <summary>x ≥ 0, w = Aᵀ(b − Ax) ≤ ε where x = 0 and |w| ≤ ε where x &gt; 0.</summary>
    private static void AssertKkt(string name, double[,] a, double[] b, double[] x)
    {
        var m = a.GetLength(0);
        var n = a.GetLength(1);
        var r = new double[m];
        for (var i = 0; i < m; i++)
        {
            r[i] = b[i];
            for (var j = 0; j < n; j++)
            {
                r[i] -= a[i, j] * x[j];
            }
        }

        var scale = 1.0;
        for (var j = 0; j < n; j++)
        {
            var columnNorm = 0.0;
            for (var i = 0; i < m; i++)
            {
                columnNorm += a[i, j] * a[i, j];
            }

            scale = Math.Max(scale, Math.Sqrt(columnNorm) * Math.Max(1, Math.Sqrt(b.Sum(v => v * v))));
        }

        for (var j = 0; j < n; j++)
        {
            Assert.True(x[j] >= 0, $"{name}: x[{j}] = {x[j]} < 0");
            var w = 0.0;
            for (var i = 0; i < m; i++)
            {
                w += a[i, j] * r[i];
            }

            if (x[j] > 0)
            {
                Assert.True(Math.Abs(w) <= 1e-9 * scale, $"{name}: passive column {j} has gradient {w}");
            }
            else
            {
                Assert.True(w <= 1e-9 * scale, $"{name}: active column {j} has gradient {w} > 0");
            }
        }
    }

    private static List<(double[] X, double Rnorm)> Scipy(IReadOnlyList<(double[,] A, double[] B)> problems)
    {
        var payload = problems.Select(p => new
        {
            a = Enumerable.Range(0, p.A.GetLength(0)).Select(i => Enumerable.Range(0, p.A.GetLength(1)).Select(j => p.A[i, j]).ToArray()).ToArray(),
            b = p.B,
        });
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, JsonSerializer.Serialize(payload));
            using var json = JsonDocument.Parse(PythonReference.Run(ScipyNnls, file));
            return json.RootElement.EnumerateArray()
                .Select(e => (e.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray(), e.GetProperty("rnorm").GetDouble()))
                .ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<(string Name, double[,] A, double[] B)> RandomProblems()
    {
        var random = new Random(20160316);
        double Gaussian()
        {
            var u = 1 - random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        double[,] Matrix(int m, int n)
        {
            var a = new double[m, n];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    a[i, j] = Gaussian();
                }
            }

            return a;
        }

        double[] Vector(int m) => Enumerable.Range(0, m).Select(_ => Gaussian()).ToArray();

        double[] Times(double[,] a, double[] x)
        {
            var b = new double[a.GetLength(0)];
            for (var i = 0; i < b.Length; i++)
            {
                for (var j = 0; j < x.Length; j++)
                {
                    b[i] += a[i, j] * x[j];
                }
            }

            return b;
        }

        // Tall, well conditioned, a mix of active and passive coefficients.
        foreach (var (m, n) in new[] { (20, 5), (30, 8), (50, 12), (15, 15), (8, 3) })
        {
            yield return ($"gaussian {m}x{n}", Matrix(m, n), Vector(m));
        }

        // Exactly representable with x ≥ 0: zero residual.
        for (var k = 0; k < 2; k++)
        {
            var a = Matrix(25, 6);
            var x = Enumerable.Range(0, 6).Select(_ => Math.Abs(Gaussian())).ToArray();
            yield return ($"consistent #{k}", a, Times(a, x));
        }

        // Many active constraints: the truth has mostly negative coefficients.
        for (var k = 0; k < 3; k++)
        {
            var a = Matrix(40, 10);
            var x = Enumerable.Range(0, 10).Select(j => j < 2 ? Math.Abs(Gaussian()) : -Math.Abs(Gaussian())).ToArray();
            var b = Times(a, x);
            for (var i = 0; i < b.Length; i++)
            {
                b[i] += 0.01 * Gaussian();
            }

            yield return ($"mostly active #{k}", a, b);
        }

        // Positive matrices, where steps back (interpolation) are common.
        for (var k = 0; k < 2; k++)
        {
            var a = Matrix(30, 10);
            for (var i = 0; i < 30; i++)
            {
                for (var j = 0; j < 10; j++)
                {
                    a[i, j] = Math.Abs(a[i, j]);
                }
            }

            yield return ($"positive #{k}", a, Vector(30));
        }

        // Rank deficient: a duplicated column, a scaled copy, a zero column, a positive combination of two others.
        for (var k = 0; k < 4; k++)
        {
            var a = Matrix(20, 7);
            for (var i = 0; i < 20; i++)
            {
                a[i, 3] = a[i, 1];
                a[i, 4] = 2.5 * a[i, 0];
                a[i, 5] = 0;
                a[i, 6] = a[i, 0] + (0.5 * a[i, 2]);
            }

            var b = k % 2 == 0 ? Vector(20) : Times(a, [1, 0.5, 0.25, 0, 0, 0, 0]);
            yield return ($"rank deficient #{k}", a, b);
        }

        // Fewer rows than columns.
        for (var k = 0; k < 2; k++)
        {
            yield return ($"wide #{k}", Matrix(5, 9), Vector(5));
        }

        // Badly scaled columns, like Ernest's [1, s/m, log m, m].
        for (var k = 0; k < 2; k++)
        {
            var a = Matrix(12, 4);
            for (var i = 0; i < 12; i++)
            {
                var machines = 1 + random.Next(64);
                var fraction = 0.01 + random.NextDouble();
                a[i, 0] = 1;
                a[i, 1] = fraction / machines;
                a[i, 2] = Math.Log(machines);
                a[i, 3] = machines;
            }

            yield return ($"ernest-like #{k}", a, Times(a, [2, 150, 1.5, 0.01]).Select(v => v * (1 + (0.05 * Gaussian()))).ToArray());
        }
    }
}
