using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class CsvDatasetReaderTests
{
    [Fact]
    public void Reads_a_headed_file_with_the_label_first_and_stores_no_zeros()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.csv", "y,a,b,c\n1,0.5,0,2\n-1,0,0,0\n1,-1,3e-1,0\n");

        var data = CsvDatasetReader.Read(path);

        Assert.Equal(3, data.Dimension);
        Assert.Equal([0, 2, 2, 4], data.Features.RowOffsets);
        Assert.Equal([0, 2, 0, 1], data.Features.Indices);
        Assert.Equal([0.5f, 2f, -1f, 0.3f], data.Features.Values);
        Assert.Equal([1.0, -1.0, 1.0], data.Labels);
    }

    [Fact]
    public void Chooses_the_label_column_by_name_or_number()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("b.csv", "\uFEFF\"a\", \"target\" ,b\r\n2,1,3\r\n4,0,0\r\n");

        var byName = CsvDatasetReader.Read(path, new CsvReadOptions { LabelColumn = "target" });
        var byNumber = CsvDatasetReader.Read(path, new CsvReadOptions { LabelColumn = "1" });

        foreach (var data in new[] { byName, byNumber })
        {
            Assert.Equal([1.0, -1.0], data.Labels); // 0/1 become −1/+1
            Assert.Equal([0, 2, 3], data.Features.RowOffsets);
            Assert.Equal([0, 1, 0], data.Features.Indices);
            Assert.Equal([2f, 3f, 4f], data.Features.Values);
        }
    }

    [Fact]
    public void Reads_a_file_without_header_and_a_positive_class()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("c.csv", "1,7\n1,2\n3,7\n\n");

        var data = CsvDatasetReader.Read(path, new CsvReadOptions { LabelColumn = "1", PositiveClass = 7 });

        Assert.Equal([1.0, -1.0, 1.0], data.Labels);
        Assert.Equal([1f, 1f, 3f], data.Features.Values);
        Assert.Equal(1, data.Dimension);
    }

    [Fact]
    public void A_header_can_be_forced_off_and_then_must_be_numbers()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("d.csv", "label,x\n1,2\n");

        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvReadOptions { HasHeader = false }));

        Assert.StartsWith($"{path}:1:1: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'label'", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "y,a,b\n1,2,3\n-1,x,3\n", ":3:4: ", "'x'" },
        { "y,a,b\n1,2,3\n-1,2,1e50\n", ":3:6: ", "'1e50'" },
        { "y,a,b\n1,2,3\nz,2,3\n", ":3:1: ", "'z'" },
        { "y,a,b\n1,2,3\n-1,2\n", ":3: ", "2 fields where the first line has 3" },
        { "y,a,b\n1,,3\n", ":2:3: ", "empty" },
        { "y,a,b\n1,2,3\n\n-1,2,3\n", ":3:1: ", "empty line" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_fields_are_reported_with_file_line_and_column(string text, string location, string detail)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.csv", text);

        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));

        Assert.StartsWith(path + location, e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_label_column_lists_the_columns()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("e.csv", "y,a\n1,2\n");

        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvReadOptions { LabelColumn = "label" }));

        Assert.Contains("'label'", e.Message, StringComparison.Ordinal);
        Assert.Contains("y, a", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("y,a\n", "no examples")]
    public void Files_without_examples_are_errors(string text, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("f.csv", text);
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.Equal($"{path}: {problem}", e.Message[..(path.Length + 2 + problem.Length)]);
    }
}
