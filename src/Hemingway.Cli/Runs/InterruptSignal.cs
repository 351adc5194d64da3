namespace Hemingway.Cli.Runs;

/// <summary>
/// Turns Ctrl-C into a cancellation the solvers check between iterations, so an interrupted run finishes its iteration,
/// records it and reports, instead of dying mid-write.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public InterruptSignal()
    {
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
