using Hemingway.Core;
using Hemingway.Modeling.SystemModel;
using Xunit;

namespace Hemingway.Modeling.Tests.SystemModel;

/// <summary>Reading Ernest's CSV files: the published fixture as is, and one-line errors for bad lines.</summary>
public sealed class ErnestCsvTests
{
    [Fact]
    public void Reads_the_published_fixture_as_is()
    {
        var points = ErnestCsv.Read(ReferencePaths.ErnestFixture);
        Assert.Equal(7, points.Count);
        Assert.Equal(new ErnestPoint(32, 0.125, 7.94516801834), points[0]);
        Assert.Equal(new ErnestPoint(16, 0.061678, 6.83566999435), points[^1]);
    }

    [Fact]
    public void Comments_blank_lines_and_spaces_are_ignored()
    {
        var text = "# machines,fraction,time\n\n  4, 0.5 ,10\r\n#another comment\n   \n8,1e-1,2.5E0\n";
        var points = ErnestCsv.Parse(new StringReader(text), "t.csv");
        Assert.Equal([new ErnestPoint(4, 0.5, 10), new ErnestPoint(8, 0.1, 2.5)], points);
    }

    [Theory]
    [InlineData("4,0.5\n", "t.csv:1: column 'time': missing (expected 3 columns machines,fraction,time, found 2)")]
    [InlineData("#c\n4\n", "t.csv:2: column 'fraction': missing (expected 3 columns machines,fraction,time, found 1)")]
    [InlineData("4,abc,1\n", "t.csv:1: column 'fraction': value 'abc' is not a number")]
    [InlineData("4,0.5,1\n8,0.5,fast\n", "t.csv:2: column 'time': value 'fast' is not a number")]
    [InlineData("four,0.5,1\n", "t.csv:1: column 'machines': value 'four' is not a number")]
    [InlineData("2.5,0.5,1\n", "t.csv:1: column 'machines': value '2.5' is not a whole number")]
    [InlineData("0,0.5,1\n", "t.csv:1: column 'machines': value '0' is not a positive number of machines")]
    [InlineData("-3,0.5,1\n", "t.csv:1: column 'machines': value '-3' is not a positive number of machines")]
    [InlineData("4,0,1\n", "t.csv:1: column 'fraction': value '0' must be positive")]
    [InlineData("4,0.5,-1\n", "t.csv:1: column 'time': value '-1' must be positive")]
    [InlineData("4,NaN,1\n", "t.csv:1: column 'fraction': value 'NaN' is not a finite number")]
    [InlineData("4,0.5,\n", "t.csv:1: column 'time': missing value")]
    [InlineData("4,0,5,1\n", "t.csv:1: expected 3 columns machines,fraction,time, found 4")]
    [InlineData("# only a comment\n\n", "t.csv: no data lines (expected lines machines,fraction,time)")]
    public void Bad_lines_give_one_line_errors_naming_file_line_and_column(string text, string message)
    {
        var e = Assert.Throws<HemingwayException>(() => ErnestCsv.Parse(new StringReader(text), "t.csv"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_missing_file_is_a_one_line_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-ernest-file.csv");
        var e = Assert.Throws<HemingwayException>(() => ErnestCsv.Read(path));
        Assert.Equal($"{path}: no such file", e.Message);
    }

    [Fact]
    public void Reading_ignores_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // Globalization is invariant in this build: make a culture that writes numbers the German way.
            var german = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            german.NumberFormat.NumberDecimalSeparator = ",";
            german.NumberFormat.NumberGroupSeparator = ".";
            System.Globalization.CultureInfo.CurrentCulture = german;
            Assert.Equal("1,25", 1.25.ToString(System.Globalization.CultureInfo.CurrentCulture));
            var points = ErnestCsv.Parse(new StringReader("4,0.5,1.25\n"), "t.csv");
            Assert.Equal(new ErnestPoint(4, 0.5, 1.25), points[0]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
