namespace Hemingway.Engines.Traces;

/// <summary>The <see cref="IRunWriter"/> of <see cref="TraceStore.BeginRun"/>: each call is one committed statement.</summary>
internal sealed class RunWriter : IRunWriter
{
    private readonly TraceStore _store;
    private bool _finished;
    private bool _disposed;

    public RunWriter(TraceStore store, string runId)
    {
        _store = store;
        RunId = runId;
    }

    public string RunId { get; }

    public void Append(TraceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ThrowIfClosed();
        _store.AppendRow(RunId, row);
    }

    public void Finish(string stopReason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stopReason);
        ThrowIfClosed();
        _store.FinishRun(RunId, stopReason);
        _finished = true;
    }

    public void Dispose() => _disposed = true;

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException($"run '{RunId}' is already finished");
        }
    }
}
