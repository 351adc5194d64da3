using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class LibSvmWriterTests
{
    [Fact]
    public void Writes_integral_labels_as_integers_and_values_in_shortest_form()
    {
        var matrix = new CsrMatrix(4, [0, 2, 2, 4], [0, 3, 1, 2], [0.1f, -2f, 1e-10f, 0f]);
        var data = new Dataset("t", matrix, [1, -1, 0.25]);
        using var stream = new MemoryStream();

        LibSvmWriter.Write(data, stream);

        Assert.Equal("1 1:0.1 4:-2\n-1\n0.25 2:1E-10 3:0\n", Encoding.ASCII.GetString(stream.ToArray()));
    }

    [Fact]
    public void Round_trips_random_sparse_datasets_exactly()
    {
        using var dir = new TempDirectory();
        var path = dir.File("round-trip.svm");
        Prop.ForAll(SparseDatasets.ToArbitrary(), data =>
        {
            LibSvmWriter.Write(data, path);
            var back = LibSvmReader.Read(path, new LibSvmReadOptions { Features = data.Dimension });
            return back.Dimension == data.Dimension
                && back.Features.RowOffsets.AsSpan().SequenceEqual(data.Features.RowOffsets)
                && back.Features.Indices.AsSpan().SequenceEqual(data.Features.Indices)
                && Bits(back.Features.Values).SequenceEqual(Bits(data.Features.Values))
                && back.Labels.AsSpan().SequenceEqual(data.Labels);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Round_trips_regression_labels_exactly()
    {
        var labels = new[] { 0.1, -3.5, 1e-300, 123456789.125, Math.PI, 2 };
        var matrix = new CsrMatrix(1, [0, 1, 1, 1, 1, 1, 1], [0], [1f]);
        using var dir = new TempDirectory();
        var path = dir.File("regression.svm");

        LibSvmWriter.Write(new Dataset("r", matrix, labels), path);

        Assert.Equal(labels, LibSvmReader.Read(path).Labels);
    }

    [Fact]
    public void Writes_more_than_one_buffer_of_text()
    {
        // 20 000 rows of 10 entries are about 2.6 MB, more than the writer's 1 MB buffer.
        var rows = 20_000;
        var offsets = Enumerable.Range(0, rows + 1).Select(i => i * 10).ToArray();
        var indices = Enumerable.Range(0, rows * 10).Select(k => k % 10).ToArray();
        var values = Enumerable.Range(0, rows * 10).Select(k => k / 7f).ToArray();
        var data = new Dataset("big", new CsrMatrix(10, offsets, indices, values), [.. Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? 1.0 : -1.0)]);
        using var dir = new TempDirectory();
        var path = dir.File("big.svm");

        LibSvmWriter.Write(data, path);
        var back = LibSvmReader.Read(path);

        Assert.True(new FileInfo(path).Length > 2 << 20);
        Assert.Equal(values, back.Features.Values);
        Assert.Equal(indices, back.Features.Indices);
        Assert.Equal(data.Labels, back.Labels);
    }

    /// <summary>Any finite float (from random bits), pixel-like values k/255, and the edge cases.</summary>
    private static readonly Gen<float> FiniteFloats = Gen.OneOf(
        Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle).Where(float.IsFinite),
        Gen.Choose(0, 255).Select(p => p / 255f),
        Gen.Elements(0f, -0f, 1f, -1f, float.Epsilon, float.MaxValue, float.MinValue));

    /// <summary>Datasets of 1-20 rows, 1-40 columns, values from FiniteFloats, labels ±1.</summary>
    private static readonly Gen<Dataset> SparseDatasets =
        from rows in Gen.Choose(1, 20)
        from columns in Gen.Choose(1, 40)
        from rowData in Gen.ArrayOf(Row(columns), rows)
        select Build(columns, rowData);

    private static Gen<(double Label, int[] Indices, float[] Values)> Row(int columns) =>
        from label in Gen.Elements(-1.0, 1.0)
        from present in Gen.ArrayOf(Gen.Elements(true, false, false), columns)
        from values in Gen.ArrayOf(FiniteFloats, columns)
        let indices = Enumerable.Range(0, columns).Where(j => present[j]).ToArray()
        select (label, indices, indices.Select(j => values[j]).ToArray());

    private static Dataset Build(int columns, (double Label, int[] Indices, float[] Values)[] rows)
    {
        var offsets = new int[rows.Length + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            offsets[i + 1] = offsets[i] + rows[i].Indices.Length;
        }

        var matrix = new CsrMatrix(columns, offsets, [.. rows.SelectMany(r => r.Indices)], [.. rows.SelectMany(r => r.Values)]);
        return new Dataset("random", matrix, [.. rows.Select(r => r.Label)]);
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
