using Xunit;
using Xunit.Sdk;

namespace Hemingway.Cli.Tests;

/// <summary>The harness itself: a command that runs too long is killed and fails the test.</summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_and_fails_the_test()
    {
        // Plenty of rows and no stopping rule but a huge iteration count: far longer than the timeout.
        var rows = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{(i % 2 == 0 ? 1 : -1)} 1:{i % 7} 2:{i % 5} 3:1\n"));
        var file = _folder.Write("long.svm", rows);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<FailException>(() => CliProcess.RunAsync(
            ["run", "--data", file, "--iterations", "100000000", "--no-optimum"],
            CliAssert.PrivateCache(_folder.File("cache")),
            TimeSpan.FromSeconds(1)));

        Assert.Contains("timed out", failure.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the kill took {clock.Elapsed}");
    }

    [Fact]
    public async Task Stdin_is_closed_and_both_streams_are_captured()
    {
        var result = await CliProcess.RunAsync("data", "export", "--data", CliAssert.HeartScalePath(), "--out", _folder.File("x.svm"));

        CliAssert.Success(result);
        Assert.Empty(result.Stdout);
        Assert.Contains("270", result.Stderr, StringComparison.Ordinal); // "wrote 270 rows × 13 features to …"
    }

    public void Dispose() => _folder.Dispose();
}
