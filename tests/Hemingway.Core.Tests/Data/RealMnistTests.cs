using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

/// <summary>The real MNIST files, which scripts/setup.sh installs; these tests fail (never skip) without them.</summary>
public class RealMnistTests
{
    [Fact]
    public void Mnist_training_set_digit_five_has_the_published_shape()
    {
        RequireMnist("train");

        var data = DatasetSpec.Load("mnist:5");

        Assert.Equal("mnist:5", data.Name);
        Assert.Equal(60_000, data.Rows);
        Assert.Equal(784, data.Dimension);
        Assert.Equal(5_421, data.Labels.Count(y => y == 1));
        Assert.Equal(60_000 - 5_421, data.Labels.Count(y => y == -1));
        Assert.All(data.Features.Values, v => Assert.InRange(v, 1 / 255f, 1f));
    }

    [Fact]
    public void Mnist_test_set_digit_five_has_the_published_shape()
    {
        RequireMnist("t10k");

        var data = DatasetSpec.Load("mnist-test:5");

        Assert.Equal(10_000, data.Rows);
        Assert.Equal(784, data.Dimension);
        Assert.Equal(892, data.Labels.Count(y => y == 1));
    }

    private static void RequireMnist(string set)
    {
        foreach (var kind in new[] { "images-idx3-ubyte", "labels-idx1-ubyte" })
        {
            var path = Path.Combine(HemingwayPaths.MnistDirectory, $"{set}-{kind}");
            Assert.True(File.Exists(path) || File.Exists(path + ".gz"), $"{path} is missing: run scripts/setup.sh to install MNIST");
        }
    }
}
