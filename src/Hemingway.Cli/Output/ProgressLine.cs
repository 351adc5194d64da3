using System.Diagnostics;

namespace Hemingway.Cli.Output;

/// <summary>
/// One status line on stderr, rewritten in place while work goes on. It is shown only when stderr is a terminal,
/// so piped and redirected output stays clean; updates are throttled so a fast loop does not spend its time printing.
/// </summary>
internal sealed class ProgressLine
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _writer;
    private readonly bool _enabled;
    private readonly Stopwatch _sinceLastUpdate = Stopwatch.StartNew();
    private int _lastLength;

    public ProgressLine(TextWriter writer, bool enabled)
    {
        _writer = writer;
        _enabled = enabled;
    }

    /// <summary>A progress line on the real stderr, shown only when it is a terminal.</summary>
    public static ProgressLine ForConsole(TextWriter stderr) =>
        new(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>Replaces the line with <paramref name="text"/> (at most ten times a second unless forced).</summary>
    public void Update(string text, bool force = false)
    {
        if (!_enabled || (!force && _sinceLastUpdate.Elapsed < MinimumInterval))
        {
            return;
        }

        _sinceLastUpdate.Restart();
        var padding = Math.Max(0, _lastLength - text.Length);
        _writer.Write($"\r{text}{new string(' ', padding)}");
        _lastLength = text.Length;
    }

    /// <summary>Ends the line so that what follows starts on a fresh one.</summary>
    public void Finish()
    {
        if (_enabled && _lastLength > 0)
        {
            _writer.Write($"\r{new string(' ', _lastLength)}\r");
            _lastLength = 0;
        }
    }
}
