using Spectre.Console;

namespace Hemingway.Cli.Output;

/// <summary>
/// The console every table is written to. On a terminal it takes the terminal's width; piped or redirected, where
/// Spectre would assume 80 columns and wrap every cell, it gets room for a whole row.
/// </summary>
internal static class TableConsole
{
    private const int RedirectedWidth = 200;

    public static IAnsiConsole For(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
