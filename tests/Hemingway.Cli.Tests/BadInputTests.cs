using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// Bad input through the real command: exit code 2 and one line on stderr that says what is wrong and where
/// (file, line and offending token for a data file), never a stack trace.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    /// <summary>A valid first line, so that the bad line is line 2 and the reported line number means something.</summary>
    private const string GoodLine = "-1 1:0.5 2:1 3:0.25\n";

    private readonly TempFolder _folder = new();

    /// <summary>Name, bad second line, offending token, extra arguments.</summary>
    private static readonly (string Name, string Line, string Token, string Extra)[] BadLines =
    [
        ("malformed-token", "1 3:abc", "3:abc", ""),
        ("index-zero", "1 0:1", "0:1", ""),
        ("indices-not-increasing", "1 3:1 2:1", "2:1", ""),
        ("nan", "1 2:nan", "2:nan", ""),
        ("inf", "1 2:inf", "2:inf", ""),
        ("overflow", "1 2:1e999", "2:1e999", ""),
        ("label-not-a-number", "x 1:1", "'x'", ""),
        ("index-above-features", "1 5:1", "5:1", "--features 3"),
    ];

    public static TheoryData<string> Commands => new() { "info", "run" };

    /// <summary>Every bad line through <c>data info</c> and through <c>run</c>.</summary>
    public static TheoryData<string, string, string, string, string> BadLinesThroughEachCommand
    {
        get
        {
            var data = new TheoryData<string, string, string, string, string>();
            foreach (var command in new[] { "info", "run" })
            {
                foreach (var (name, line, token, extra) in BadLines)
                {
                    data.Add(command, name, line, token, extra);
                }
            }

            return data;
        }
    }

    /// <summary>Option and command errors: arguments ({ok} is a small valid LIBSVM file), fragments the error must name.</summary>
    public static TheoryData<string, string> BadArguments => new()
    {
        { "run --data {ok} --loss absolute --no-optimum", "absolute" },
        { "run --data {ok} --lambda 0 --no-optimum", "lambda|0" },
        { "run --data {ok} --lambda -1 --no-optimum", "lambda|-1" },
        { "run --data {ok} --lambda abc --no-optimum", "--lambda|abc" },
        { "run --data {ok} --algorithm hogwild --no-optimum", "hogwild" },
        { "run --data {ok} --no-optimum --bogus", "--bogus" },
        { "data info --data {ok} --bogus", "--bogus" },
        { "frobnicate", "frobnicate" },
        { "data frobnicate", "frobnicate" },
        { "data info --data mnist:12", "mnist:12" },
        { "run --data mnist:12 --no-optimum", "mnist:12" },
        { "run --data {ok} --target-subopt 1e-3 --no-optimum", "--target-subopt|--no-optimum" },
    };

    [Theory]
    [MemberData(nameof(BadLinesThroughEachCommand))]
    public async Task A_bad_libsvm_line_is_one_error_naming_file_line_and_token(string command, string name, string badLine, string token, string extra)
    {
        var file = _folder.Write(name + ".svm", GoodLine + badLine + "\n");
        var result = await RunData(command, file, extra.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        CliAssert.BadInput(result, $"{file}:2:", token);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_empty_file_is_one_error_naming_the_file(string command)
    {
        var file = _folder.Write("empty.svm", "");
        var error = CliAssert.BadInput(await RunData(command, file), file);
        Assert.Contains("empty", error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_missing_file_is_one_error_naming_the_file(string command)
    {
        var file = _folder.File("no-such-file.svm");
        CliAssert.BadInput(await RunData(command, file), file);
    }

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task A_bad_argument_is_one_error_naming_it(string arguments, string fragments)
    {
        var ok = _folder.Write("ok.svm", "1 1:1 3:0.5\n-1 2:1\n");
        var args = arguments.Replace("{ok}", ok, StringComparison.Ordinal).Split(' ');
        var result = await CliProcess.RunAsync(args, CliAssert.PrivateCache(_folder.File("cache")));
        CliAssert.BadInput(result, fragments.Split('|'));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary><c>data info --data FILE</c>, or <c>run --data FILE --no-optimum</c> with a private cache.</summary>
    private Task<CliResult> RunData(string command, string file, params string[] extra)
    {
        string[] args = command == "run"
            ? ["run", "--data", file, "--no-optimum", .. extra]
            : ["data", "info", "--data", file, .. extra];
        return CliProcess.RunAsync(args, CliAssert.PrivateCache(_folder.File("cache")));
    }
}
