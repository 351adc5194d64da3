using System.Globalization;
using System.Text;
using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class LibSvmReaderTests
{
    // scripts/setup.sh copies LIBLINEAR's example here (Debian's liblinear-tools ships it under /usr/share/doc).
    private static readonly string HeartScale = Path.Combine(HemingwayPaths.CacheRoot, "data", "heart_scale");

    [Fact]
    public void Reads_a_small_file_into_the_exact_csr_arrays()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("small.svm", "+1 1:0.5 3:-2\n-1 2:1e-3\n+1\n-1 1:7 2:0 3:.25\n");

        var data = LibSvmReader.Read(path);

        Assert.Equal(path, data.Name);
        Assert.Equal(3, data.Dimension);
        Assert.Equal([0, 2, 3, 3, 6], data.Features.RowOffsets);
        Assert.Equal([0, 2, 1, 0, 1, 2], data.Features.Indices);
        Assert.Equal([0.5f, -2f, 0.001f, 7f, 0f, 0.25f], data.Features.Values);
        Assert.Equal([1.0, -1.0, 1.0, -1.0], data.Labels);
    }

    [Fact]
    public void Accepts_comments_tabs_windows_line_ends_a_byte_order_mark_and_a_missing_final_newline()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("mixed.svm", "\uFEFF# header comment\r\n1\t2:3 # tail: with colons 4:5\r\n-1   1:1e1\t");

        var data = LibSvmReader.Read(path);

        Assert.Equal([0, 1, 2], data.Features.RowOffsets);
        Assert.Equal([1, 0], data.Features.Indices);
        Assert.Equal([3f, 10f], data.Features.Values);
        Assert.Equal([1.0, -1.0], data.Labels);
        Assert.Equal(2, data.Dimension);
    }

    [Fact]
    public void Allows_blank_lines_at_the_end_only()
    {
        using var dir = new TempDirectory();
        var data = LibSvmReader.Read(dir.Write("tail.svm", "1 1:1\n-1 2:1\n\n  \n"));
        Assert.Equal(2, data.Rows);
    }

    [Fact]
    public void A_fixed_feature_count_sets_the_dimension()
    {
        using var dir = new TempDirectory();
        var data = LibSvmReader.Read(dir.Write("d.svm", "1 1:1\n-1 2:1\n"), new LibSvmReadOptions { Features = 10 });
        Assert.Equal(10, data.Dimension);
    }

    [Fact]
    public void Maps_zero_one_labels_to_minus_one_plus_one()
    {
        using var dir = new TempDirectory();
        var data = LibSvmReader.Read(dir.Write("01.svm", "0 1:1\n1 1:1\n0\n"));
        Assert.Equal([-1.0, 1.0, -1.0], data.Labels);
    }

    [Fact]
    public void Positive_class_turns_a_multi_class_file_into_one_versus_rest()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("multi.svm", "3 1:1\n1 1:1\n2 1:1\n3 2:1\n");
        var data = LibSvmReader.Read(path, new LibSvmReadOptions { PositiveClass = 3 });
        Assert.Equal([1.0, -1.0, -1.0, 1.0], data.Labels);
    }

    [Fact]
    public void A_positive_class_that_never_occurs_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("multi.svm", "3 1:1\n1 1:1\n");
        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path, new LibSvmReadOptions { PositiveClass = 7 }));
        Assert.Contains("7", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_labels_are_kept_as_regression_targets()
    {
        using var dir = new TempDirectory();
        var data = LibSvmReader.Read(dir.Write("reg.svm", "0.5 1:1\n-3 1:2\n2e2 1:3\n"));
        Assert.Equal([0.5, -3.0, 200.0], data.Labels);
    }

    [Fact]
    public void Parses_the_same_whatever_the_current_culture()
    {
        // Invariant globalization is on, so build a culture with German number formatting by hand.
        var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        german.NumberFormat.NumberDecimalSeparator = ",";
        german.NumberFormat.NumberGroupSeparator = ".";
        using var dir = new TempDirectory();
        var path = dir.Write("culture.svm", "1 1:0.5 2:1.25e-1\n-1 1:-0.75\n");
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = german;
            Assert.False(float.TryParse("0.5", NumberStyles.Float, CultureInfo.CurrentCulture, out _)); // the trap is armed
            var data = LibSvmReader.Read(path);
            Assert.Equal([0.5f, 0.125f, -0.75f], data.Features.Values);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Reads_liblinear_heart_scale()
    {
        Assert.True(File.Exists(HeartScale), $"{HeartScale} is missing: run scripts/setup.sh (it installs liblinear-tools)");

        var data = LibSvmReader.Read(HeartScale);

        Assert.Equal(270, data.Rows);
        Assert.Equal(13, data.Dimension);
        Assert.Equal(120, data.Labels.Count(y => y == 1));
        Assert.Equal(150, data.Labels.Count(y => y == -1));

        // Every row agrees with an independent parse of its line by string splitting and float.Parse.
        var lines = File.ReadAllLines(HeartScale);
        for (var i = 0; i < lines.Length; i++)
        {
            var tokens = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(double.Parse(tokens[0], CultureInfo.InvariantCulture), data.Labels[i]);
            var pairs = tokens.Skip(1).Select(t => t.Split(':')).ToArray();
            Assert.Equal(pairs.Select(p => int.Parse(p[0], CultureInfo.InvariantCulture) - 1), data.Features.RowIndices(i).ToArray());
            Assert.Equal(pairs.Select(p => float.Parse(p[1], CultureInfo.InvariantCulture)), data.Features.RowValues(i).ToArray());
        }
    }

    [Fact]
    public void A_file_of_many_chunks_reads_the_same_as_its_lines()
    {
        // About 3 MB, so the reader cuts it into several chunks parsed in parallel; comments with colons make the
        // colon count overestimate the entries, so the gaps between chunks must be closed.
        var random = new Random(7);
        var text = new StringBuilder();
        var expected = new List<(double Label, int[] Indices, float[] Values)>();
        for (var i = 0; i < 60_000; i++)
        {
            var label = random.Next(2) == 0 ? -1.0 : 1.0;
            var indices = Enumerable.Range(1, 60).Where(_ => random.NextDouble() < 0.1).ToArray();
            var values = indices.Select(_ => (float)Math.Round(random.NextDouble() * 10, random.Next(6))).ToArray();
            expected.Add((label, indices.Select(j => j - 1).ToArray(), values));
            text.Append(label.ToString(CultureInfo.InvariantCulture));
            for (var k = 0; k < indices.Length; k++)
            {
                text.Append(CultureInfo.InvariantCulture, $" {indices[k]}:{values[k].ToString("R", CultureInfo.InvariantCulture)}");
            }

            text.Append(i % 7 == 0 ? " # note 1:2 3:4\n" : "\n");
        }

        using var dir = new TempDirectory();
        var data = LibSvmReader.Read(dir.Write("big.svm", text.ToString()), new LibSvmReadOptions { Features = 60 });

        Assert.True(text.Length > 2 << 20, "the file must be large enough to be cut into chunks");
        Assert.Equal(expected.Count, data.Rows);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Label, data.Labels[i]);
            Assert.Equal(expected[i].Indices, data.Features.RowIndices(i).ToArray());
            Assert.Equal(expected[i].Values, data.Features.RowValues(i).ToArray());
        }
    }

    [Fact]
    public void Errors_deep_in_a_large_file_name_the_right_line()
    {
        var lines = Enumerable.Repeat("1 1:0.5 2:0.25 3:0.125 4:0.0625 5:1", 200_000).ToArray();
        lines[123_456] = "1 1:0.5 2:oops";
        using var dir = new TempDirectory();
        var path = dir.Write("bad.svm", string.Join('\n', lines) + "\n");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.Equal(123_457, e.Line);
        Assert.Equal(9, e.Column);
        Assert.StartsWith($"{path}:123457:9: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'2:oops'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_line_followed_by_data_in_a_later_chunk_is_an_error()
    {
        var lines = Enumerable.Repeat("1 1:0.5 2:0.25 3:0.125 4:0.0625 5:1", 200_000).ToList();
        lines.Insert(100_000, "");
        using var dir = new TempDirectory();
        var path = dir.Write("blank.svm", string.Join('\n', lines) + "\n");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.Equal(100_001, e.Line);
        Assert.Contains("empty line", e.Message, StringComparison.Ordinal);
    }
}
