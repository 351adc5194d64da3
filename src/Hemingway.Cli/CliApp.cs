using System.CommandLine;
using Hemingway.Cli.Commands;
using Hemingway.Core;

namespace Hemingway.Cli;

/// <summary>
/// The <c>hemingway</c> command: parses arguments, runs the chosen command, and turns every input error into one
/// line on stderr and exit code 2. A bug is reported as one line and exit code 1 (the stack trace only with
/// <c>HEMINGWAY_DEBUG=1</c>).
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of an internal error.</summary>
    public const int InternalError = 1;

    /// <summary>Exit code of bad input: a bad option, file or value.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code of a run interrupted with Ctrl-C.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// The parse error worth showing, on one line: an unrecognized word explains itself better than the "required
    /// command" error it also causes, and a list of allowed values is joined with commas.
    /// </summary>
    private static string OneLine(IReadOnlyList<System.CommandLine.Parsing.ParseError> errors)
    {
        var chosen = errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? errors[0];
        var lines = chosen.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 1 ? lines[0] : $"{lines[0]} {string.Join(", ", lines.Skip(1))}";
    }

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "Hemingway models distributed optimization algorithms: it runs them, records every iteration's time and " +
            "objective, and recommends the algorithm and number of machines for a goal.")
        {
            AdviseCommand.Create(),
            EvaluateCommand.Create(),
            TrainCommand.Create(),
            ProfileCommand.Create(),
            RunCommand.Create(),
            SweepCommand.Create(),
            TracesCommand.Create(),
            FitCommand.Create(),
            ValidateCommand.Create(),
            PredictCommand.Create(),
            ErnestCommand.Create(),
            DataCommand.Create(),
            RankCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {OneLine(parsed.Errors)} (see --help)");
            return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (HemingwayException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("interrupted");
            return Interrupted;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("HEMINGWAY_DEBUG") != "1")
        {
            stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message} (set HEMINGWAY_DEBUG=1 for the stack trace)");
            return InternalError;
        }
    }
}
