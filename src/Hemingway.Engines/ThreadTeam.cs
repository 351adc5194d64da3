namespace Hemingway.Engines;

/// <summary>
/// A fixed team of threads that runs one indexed job at a time, without allocating: the calling thread and
/// cores − 1 dedicated background threads take indices from a shared counter until none is left. A round of a
/// distributed algorithm dispatches its workers through it, so the round's hot path allocates nothing (Parallel.For
/// allocates on every call). One team serves the whole process; concurrent callers take turns.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The team lives as long as the process.")]
internal sealed class ThreadTeam
{
    private static readonly Lazy<ThreadTeam> SharedTeam = new(() => new ThreadTeam(Environment.ProcessorCount));

    private readonly Barrier _start;
    private readonly Barrier _done;
    private readonly Lock _turn = new();
    private Action<int> _body = _ => { };
    private int _count;
    private int _next;
    private Exception? _failure;

    private ThreadTeam(int threads)
    {
        Size = Math.Max(1, threads);
        _start = new Barrier(Size);
        _done = new Barrier(Size);
        for (var t = 1; t < Size; t++)
        {
            new Thread(Serve) { IsBackground = true, Name = $"hemingway-worker-{t}" }.Start();
        }
    }

    /// <summary>The process-wide team, one thread per core.</summary>
    public static ThreadTeam Shared => SharedTeam.Value;

    /// <summary>Threads in the team, the caller's included.</summary>
    public int Size { get; }

    /// <summary>Runs body(0) … body(count − 1) on the team and returns when all are done; rethrows the first failure.</summary>
    public void Run(int count, Action<int> body)
    {
        lock (_turn)
        {
            _body = body;
            _count = count;
            _next = -1;
            _failure = null;
            _start.SignalAndWait();
            Work();
            _done.SignalAndWait();
            if (_failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }

    private void Serve()
    {
        while (true)
        {
            _start.SignalAndWait();
            Work();
            _done.SignalAndWait();
        }
    }

    private void Work()
    {
        int index;
        while ((index = Interlocked.Increment(ref _next)) < _count)
        {
            try
            {
                _body(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
        }
    }
}
