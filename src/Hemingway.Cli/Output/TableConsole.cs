using Spectre.Console;

namespace Hemingway.Cli.Output;

/// <summary>
/// The console every table is written to. On a terminal it takes the terminal's width and colours; piped or redirected,
/// where Spectre would assume 80 columns and wrap every cell, it gets room for a whole row and no escape codes.
/// </summary>
internal static class TableConsole
{
    private const int RedirectedWidth = 200;

    public static IAnsiConsole For(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),

            // Piped output is read by programs and files: plain text, no colour codes.
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
