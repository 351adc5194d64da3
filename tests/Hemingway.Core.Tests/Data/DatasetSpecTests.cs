using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class DatasetSpecTests
{
    [Fact]
    public void A_csv_path_is_read_as_csv_and_named_after_the_spec()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.CSV", "x,label\n0.5,1\n0,0\n");

        var data = DatasetSpec.Load(path, new DatasetLoadOptions { LabelColumn = "label", Features = 4 });

        Assert.Equal(path, data.Name);
        Assert.Equal([1.0, -1.0], data.Labels);
        Assert.Equal([0.5f], data.Features.Values);
        Assert.Equal(4, data.Dimension);
    }

    [Fact]
    public void Any_other_path_is_read_as_libsvm()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.txt", "2 3:1\n1 1:1\n");

        var data = DatasetSpec.Load(path, new DatasetLoadOptions { PositiveClass = 2 });

        Assert.Equal(path, data.Name);
        Assert.Equal([1.0, -1.0], data.Labels);
        Assert.Equal(3, data.Dimension);
    }

    [Fact]
    public void Mnist_specs_read_the_idx_files_of_the_cache_folder()
    {
        using var dir = new TempDirectory();
        dir.Write("train-images-idx3-ubyte", IdxFiles.Images(2, 1, 2, [0, 255, 255, 0]));
        dir.Write("train-labels-idx1-ubyte.gz", IdxFiles.Gzip(IdxFiles.Labels([3, 4])));
        dir.Write("t10k-images-idx3-ubyte", IdxFiles.Images(1, 1, 2, [1, 1]));
        dir.Write("t10k-labels-idx1-ubyte", IdxFiles.Labels([4]));

        var train = DatasetSpec.Load("mnist:4", null, dir.Path);
        var test = DatasetSpec.Load("mnist-test:4", new DatasetLoadOptions { Features = 3 }, dir.Path);

        Assert.Equal("mnist:4", train.Name);
        Assert.Equal([-1.0, 1.0], train.Labels);
        Assert.Equal([1, 0], train.Features.Indices);
        Assert.Equal("mnist-test:4", test.Name);
        Assert.Equal([1.0], test.Labels);
        Assert.Equal(3, test.Dimension);
    }

    [Fact]
    public void Missing_mnist_files_say_which_and_how_to_install_them()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<HemingwayException>(() => DatasetSpec.Load("mnist:5", null, dir.Path));

        Assert.Contains(Path.Combine(dir.Path, "train-images-idx3-ubyte"), e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mnist:10")]
    [InlineData("mnist:-1")]
    [InlineData("mnist:x")]
    [InlineData("mnist:")]
    [InlineData("mnist-test: 5")]
    public void A_bad_digit_is_an_error_naming_the_spec(string spec)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<HemingwayException>(() => DatasetSpec.Load(spec, null, dir.Path));
        Assert.Contains($"'{spec}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("digit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_do_not_apply_are_errors()
    {
        using var dir = new TempDirectory();
        var libsvm = dir.Write("a.svm", "1 1:1\n");
        Assert.Throws<HemingwayException>(() => DatasetSpec.Load(libsvm, new DatasetLoadOptions { LabelColumn = "y" }));
        Assert.Throws<HemingwayException>(() => DatasetSpec.Load("mnist:5", new DatasetLoadOptions { PositiveClass = 5 }, dir.Path));
        Assert.Throws<HemingwayException>(() => DatasetSpec.Load(" "));
    }

    [Fact]
    public void A_fixed_dimension_below_the_data_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("wide.csv", "y,a,b,c\n1,1,2,3\n");
        var e = Assert.Throws<HemingwayException>(() => DatasetSpec.Load(path, new DatasetLoadOptions { Features = 2 }));
        Assert.Contains("3 features", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_libsvm_file_is_a_data_format_error()
    {
        using var dir = new TempDirectory();
        var path = dir.File("none.svm");
        var e = Assert.Throws<DataFormatException>(() => DatasetSpec.Load(path));
        Assert.Equal($"{path}: no such file", e.Message);
    }
}
