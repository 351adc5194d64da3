namespace Hemingway.Mpi;

/// <summary>
/// A background thread of a rank that prints a <c>beat</c> line (<see cref="RankProtocol.Beat"/>) every
/// <see cref="Interval"/>: the rank, its process and host, and what its session is doing. It touches no MPI, so it runs
/// beside the rank's single MPI thread; a rank whose beats stop is stopped or frozen as a whole.
/// </summary>
internal sealed class RankHeartbeat : IDisposable
{
    /// <summary>How often a rank beats.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public RankHeartbeat(int rank, TextWriter output, Func<(int Round, bool Computing)> activity)
    {
        var pid = Environment.ProcessId;
        var host = Environment.MachineName;
        _thread = new Thread(() =>
        {
            do
            {
                var (round, computing) = activity();
                try
                {
                    output.WriteLine(RankProtocol.Beat(new RankProtocol.BeatMessage(rank, pid, host, round, computing)));
                    output.Flush();
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    return; // nobody listens any more
                }
            }
            while (!_stop.Token.WaitHandle.WaitOne(Interval));
        })
        {
            IsBackground = true,
            Name = "hemingway-heartbeat",
        };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
