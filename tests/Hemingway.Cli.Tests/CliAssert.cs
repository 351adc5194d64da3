using Hemingway.Core;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>Assertions on what the command printed, and the real data the end-to-end tests need.</summary>
public static class CliAssert
{
    /// <summary>What System.CommandLine parse errors may add after the error itself.</summary>
    public const string SeeHelp = "(see --help)";

    /// <summary>
    /// Bad input: exit code 2, nothing on stdout, and exactly one error line on stderr (an extra trailing
    /// "(see --help)" is allowed) with no stack trace, containing every one of <paramref name="fragments"/>.
    /// Returns the error line.
    /// </summary>
    public static string BadInput(CliResult result, params string[] fragments)
    {
        Assert.True(result.ExitCode == 2, $"expected exit code 2 (bad input)\n{result}");
        Assert.True(result.Stdout.Length == 0, $"expected nothing on stdout\n{result}");
        var lines = result.StderrLines;
        Assert.False(lines.Any(line => line.StartsWith("   at ", StringComparison.Ordinal)), $"stack trace on stderr\n{result}");
        if (lines.Count >= 2 && lines[^1].Trim() == SeeHelp)
        {
            lines = lines.Take(lines.Count - 1).ToArray();
        }

        Assert.True(lines.Count == 1, $"expected exactly one error line on stderr (plus an optional '{SeeHelp}'), got {lines.Count}\n{result}");
        var error = lines[0];
        Assert.False(string.IsNullOrWhiteSpace(error), $"the error line is blank\n{result}");
        foreach (var fragment in fragments)
        {
            Assert.True(error.Contains(fragment, StringComparison.Ordinal), $"the error line does not contain \"{fragment}\"\n{result}");
        }

        return error;
    }

    /// <summary>Success: exit code 0.</summary>
    public static void Success(CliResult result) =>
        Assert.True(result.ExitCode == 0, $"expected exit code 0\n{result}");

    /// <summary>
    /// The absolute path of LIBLINEAR's heart_scale in the real cache (computed from this process's environment,
    /// before any child gets a private cache); fails loudly when scripts/setup.sh has not installed it.
    /// </summary>
    public static string HeartScalePath()
    {
        var path = Path.GetFullPath(Path.Combine(HemingwayPaths.CacheRoot, "data", "heart_scale"));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run scripts/setup.sh");
        }

        return path;
    }

    /// <summary>The child environment that points the cache (and so the optimum cache) at a private folder.</summary>
    public static Dictionary<string, string?> PrivateCache(string folder) =>
        new() { [HemingwayPaths.CacheVariable] = folder };
}
