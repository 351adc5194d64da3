using System.Text.RegularExpressions;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>--help</c> on every command: it succeeds, and every option says what happens when it is not given
/// ("[default: …]", "(default: …)" or "(…; default: …)"), unless it is required.
/// </summary>
public sealed partial class HelpTests
{
    /// <summary>Command, the options its help must list (so the check below cannot pass on an empty list).</summary>
    public static TheoryData<string, string> Commands => new()
    {
        { "", "" },
        { "run", "--data --features --positive-class --label-column --algorithm --loss --lambda --iterations --target-subopt --target-gap --time-limit --seed --no-optimum --json" },
        { "sweep", "--data --fraction --loss --lambda --iterations --target-subopt --engine --cluster --compute --store --algorithms --machines --json" },
        { "fit", "--algorithm --store --dataset --engine --loss --lambda --fraction --out --json" },
        { "validate", "--algorithm --store --epsilon --max-iterations --window --stride --json" },
        { "predict", "--model --machines --iterations --seconds --json" },
        { "data", "" },
        { "data info", "--data --features --positive-class --label-column --json" },
        { "data export", "--data --features --positive-class --label-column --out" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_option_says_its_default(string command, string expectedOptions)
    {
        string[] args = [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"];
        var result = await CliProcess.RunAsync(args);

        CliAssert.Success(result);
        Assert.True(result.Stderr.Length == 0, $"expected nothing on stderr\n{result}");
        var options = OptionLines(result);
        foreach (var name in expectedOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(options.ContainsKey(name), $"the help does not list {name}\n{result}");
        }

        foreach (var (name, line) in options)
        {
            if (name is "--help" or "--version")
            {
                continue;
            }

            // `run` has no required option: every one of its options must name a default, flags included.
            var required = command != "run" && line.Contains("(REQUIRED)", StringComparison.Ordinal);
            var saysDefault = DefaultNote().IsMatch(line);
            Assert.True(saysDefault || required, $"option {name} does not say its default:\n  {line}\n{result}");
        }
    }

    /// <summary>"[default: …]", "(default: …)", or "default: …" as the last clause of a parenthesis ("(…; default: …)").</summary>
    [GeneratedRegex(@"\[default: |\(default: |\([^()]*; default: [^()]*\)")]
    private static partial Regex DefaultNote();

    /// <summary>
    /// The "Options:" section's entries that start with "  --", by option name, each with its wrapped continuation
    /// lines joined on.
    /// </summary>
    private static Dictionary<string, string> OptionLines(CliResult result)
    {
        var lines = result.StdoutLines;
        var start = lines.ToList().FindIndex(line => line.TrimEnd() == "Options:");
        Assert.True(start >= 0, $"no Options: section\n{result}");

        var options = new Dictionary<string, string>();
        string? current = null;
        for (var i = start + 1; i < lines.Count && lines[i].Trim().Length > 0; i++)
        {
            var line = lines[i];
            if (line.StartsWith("  -", StringComparison.Ordinal))
            {
                current = null;
                if (line.StartsWith("  --", StringComparison.Ordinal))
                {
                    current = line.Trim().Split(' ', 2)[0];
                    options[current] = line.Trim();
                }
            }
            else if (current is not null && line.StartsWith("   ", StringComparison.Ordinal))
            {
                options[current] += " " + line.Trim();
            }
        }

        return options;
    }
}
