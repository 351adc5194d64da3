using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class LibSvmReaderErrorTests
{
    // Each case: the second line of a file whose first line is fine, the column the error points at, the quoted token.
    public static TheoryData<string, int, string> BadSecondLines => new()
    {
        { "-1 3:abc", 4, "'3:abc'" },
        { "-1 3-1", 4, "'3-1'" },
        { "-1 3", 4, "'3'" },
        { "-1 :5", 4, "':5'" },
        { "-1 2:", 4, "'2:'" },
        { "-1 x:1", 4, "'x:1'" },
        { "-1 0:1", 4, "'0:1'" },
        { "-1 3:1 2:1", 8, "'2:1'" },
        { "-1 3:1 3:2", 8, "'3:2'" },
        { "-1 1:nan", 4, "'1:nan'" },
        { "-1 1:NaN", 4, "'1:NaN'" },
        { "-1 1:inf", 4, "'1:inf'" },
        { "-1 1:-Infinity", 4, "'1:-Infinity'" },
        { "-1 1:1e39", 4, "'1:1e39'" },
        { "-1 1:-4e38", 4, "'1:-4e38'" },
        { "-1 1:0.5#x", 4, "'1:0.5#x'" },
        { "-1 99999999999:1", 4, "'99999999999:1'" },
        { "abc 1:1", 1, "'abc'" },
        { "1:1 2:1", 1, "'1:1'" },
        { "nan 1:1", 1, "'nan'" },
        { "1,5 1:1", 1, "'1,5'" },
        { "  -1 1:1 2:1,5", 10, "'2:1,5'" },
    };

    [Theory]
    [MemberData(nameof(BadSecondLines))]
    public void Bad_tokens_are_reported_with_file_line_column_and_token(string secondLine, int column, string token)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.svm", $"+1 1:1 2:0.5\n{secondLine}\n+1 1:1\n");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.Equal(path, e.File);
        Assert.Equal(2, e.Line);
        Assert.Equal(column, e.Column);
        Assert.StartsWith($"{path}:2:{column}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(token, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_above_the_fixed_feature_count_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("wide.svm", "1 1:1\n-1 2:1 5:1\n");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path, new LibSvmReadOptions { Features = 3 }));

        Assert.StartsWith($"{path}:2:8: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'5:1'", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 features", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_line_before_more_data_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("blank.svm", "1 1:1\n\n-1 2:1\n");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.StartsWith($"{path}:2:1: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_error_in_the_file_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("two.svm", "1 1:1\n1 1:x\n1 1:y\n");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void A_missing_file_is_a_data_format_error_naming_it()
    {
        using var dir = new TempDirectory();
        var path = dir.File("absent.svm");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.Equal($"{path}: no such file", e.Message);
    }

    [Fact]
    public void A_directory_is_not_a_data_file()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(dir.Path));
        Assert.Contains(dir.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("empty.svm", "");

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.Equal($"{path}: empty file", e.Message);
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("\uFEFF")]
    public void A_file_without_examples_is_an_error(string text)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("none.svm", text);

        var e = Assert.Throws<DataFormatException>(() => LibSvmReader.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("no examples", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_options_are_rejected()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("ok.svm", "1 1:1\n");
        Assert.Throws<HemingwayException>(() => LibSvmReader.Read(path, new LibSvmReadOptions { Features = 0 }));
        Assert.Throws<HemingwayException>(() => LibSvmReader.Read(path, new LibSvmReadOptions { PositiveClass = double.NaN }));
    }
}
