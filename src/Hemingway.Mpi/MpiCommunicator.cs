using System.Diagnostics.CodeAnalysis;

namespace Hemingway.Mpi;

/// <summary>
/// <c>MPI_COMM_WORLD</c> of this process, with the collectives Hemingway needs on spans of doubles. Each call pins
/// its span for the duration of the call and allocates nothing; an error code becomes an <see cref="MpiException"/>
/// (the communicator is switched to <c>MPI_ERRORS_RETURN</c>). Collectives must be called by every rank, in the same
/// order, with the same lengths. Call MPI from one thread only (MPI is initialised with <c>MPI_Init</c>, which gives
/// <c>MPI_THREAD_SINGLE</c>). Disposing finalises MPI, after which it cannot start again in this process.
/// </summary>
public sealed unsafe class MpiCommunicator : IDisposable
{
    private readonly MpiNative _api;
    private bool _disposed;

    private MpiCommunicator(MpiNative api, int rank, int size)
    {
        _api = api;
        Rank = rank;
        Size = size;
    }

    /// <summary>This process's rank in 0 .. <see cref="Size"/> − 1.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public int Size { get; }

    /// <summary>True on rank 0.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>
    /// Initialises MPI (unless it already is) and returns the world communicator. Outside <c>mpirun</c>, Open MPI starts
    /// a singleton of one rank. A <see cref="Core.HemingwayException"/> says how to install Open MPI when it is missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">MPI was already finalised in this process.</exception>
    public static MpiCommunicator InitializeWorld()
    {
        var api = MpiNative.Api;
        int flag;
        Check(api, api.Finalized(&flag), "MPI_Finalized");
        if (flag != 0)
        {
            throw new InvalidOperationException("MPI was finalized in this process; it cannot be initialized again");
        }

        Check(api, api.Initialized(&flag), "MPI_Initialized");
        if (flag == 0)
        {
            Check(api, api.Init(null, null), "MPI_Init");
        }

        Check(api, api.CommSetErrhandler(api.CommWorld, api.ErrorsReturn), "MPI_Comm_set_errhandler");
        int rank, size;
        Check(api, api.CommRank(api.CommWorld, &rank), "MPI_Comm_rank");
        Check(api, api.CommSize(api.CommWorld, &size), "MPI_Comm_size");
        return new MpiCommunicator(api, rank, size);
    }

    /// <summary>Replaces <paramref name="values"/> on every rank by their sum over all ranks (in place).</summary>
    public void AllreduceSum(Span<double> values) => AllreduceInPlace(values, _api.Sum);

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise maximum over all ranks (in place).</summary>
    public void AllreduceMax(Span<double> values) => AllreduceInPlace(values, _api.Max);

    /// <summary>Writes the sum over all ranks of <paramref name="send"/> into <paramref name="receive"/> (same length, not overlapping).</summary>
    public void AllreduceSum(ReadOnlySpan<double> send, Span<double> receive)
    {
        ThrowIfDisposed();
        if (send.Length != receive.Length)
        {
            throw new ArgumentException($"send has {send.Length} values, receive {receive.Length}", nameof(receive));
        }

        if (send.Overlaps(receive))
        {
            throw new ArgumentException("send and receive overlap; use the in-place overload", nameof(receive));
        }

        if (send.IsEmpty)
        {
            return;
        }

        fixed (double* s = send)
        fixed (double* r = receive)
        {
            Check(_api, _api.Allreduce(s, r, send.Length, _api.Double, _api.Sum, _api.CommWorld), "MPI_Allreduce");
        }
    }

    /// <summary>Copies <paramref name="values"/> of rank <paramref name="root"/> into every other rank's <paramref name="values"/>.</summary>
    public void Broadcast(Span<double> values, int root = 0)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        if (values.IsEmpty)
        {
            return;
        }

        fixed (double* v = values)
        {
            Check(_api, _api.Bcast(v, values.Length, _api.Double, root, _api.CommWorld), "MPI_Bcast");
        }
    }

    /// <summary>Copies <paramref name="values"/> of rank <paramref name="root"/> into every other rank's <paramref name="values"/> (same length on every rank).</summary>
    public void Broadcast(Span<byte> values, int root = 0)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        if (values.IsEmpty)
        {
            return;
        }

        fixed (byte* v = values)
        {
            Check(_api, _api.Bcast(v, values.Length, _api.Byte, root, _api.CommWorld), "MPI_Bcast");
        }
    }

    /// <summary>
    /// Collects every rank's <paramref name="bytes"/> (of any length) on rank <paramref name="root"/>: there, one array per
    /// rank in rank order; null on the other ranks. Two collectives: the lengths, then the bytes.
    /// </summary>
    public byte[][]? Gather(ReadOnlySpan<byte> bytes, int root = 0)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        var length = bytes.Length;
        var isRoot = Rank == root;
        var lengths = new int[isRoot ? Size : 1];
        fixed (int* l = lengths)
        {
            Check(_api, _api.Gather(&length, 1, _api.Int, l, 1, _api.Int, root, _api.CommWorld), "MPI_Gather");
        }

        var offsets = new int[lengths.Length];
        long total = 0;
        if (isRoot)
        {
            for (var k = 0; k < Size; k++)
            {
                offsets[k] = checked((int)total);
                total += lengths[k];
            }
        }

        var all = new byte[checked((int)total)];
        fixed (byte* s = bytes)
        fixed (byte* r = all)
        fixed (int* l = lengths)
        fixed (int* o = offsets)
        {
            // MPI wants a valid pointer even for zero bytes.
            byte none = 0;
            Check(_api, _api.Gatherv(s == null ? &none : s, length, _api.Byte, r == null ? &none : r, l, o, _api.Byte, root, _api.CommWorld), "MPI_Gatherv");
        }

        if (!isRoot)
        {
            return null;
        }

        var result = new byte[Size][];
        for (var k = 0; k < Size; k++)
        {
            result[k] = all.AsSpan(offsets[k], lengths[k]).ToArray();
        }

        return result;
    }

    /// <summary>Returns once every rank has called it.</summary>
    public void Barrier()
    {
        ThrowIfDisposed();
        Check(_api, _api.Barrier(_api.CommWorld), "MPI_Barrier");
    }

    /// <summary><c>MPI_Wtime</c>: seconds since an arbitrary moment in the past, for measuring intervals on this rank.</summary>
    public double WallTime() => _api.Wtime();

    /// <summary>
    /// Ends every rank of the job with <paramref name="exitCode"/> (<c>MPI_Abort</c> on the world communicator); the
    /// process exits even if MPI returns.
    /// </summary>
    [DoesNotReturn]
    public void Abort(int exitCode)
    {
        if (!_disposed)
        {
            _ = _api.Abort(_api.CommWorld, exitCode);
        }

        Environment.Exit(exitCode);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Finalises MPI (<c>MPI_Finalize</c>): every rank must call it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Check(_api, _api.Finalize(), "MPI_Finalize");
    }

    private void AllreduceInPlace(Span<double> values, nint op)
    {
        ThrowIfDisposed();
        if (values.IsEmpty)
        {
            return;
        }

        fixed (double* v = values)
        {
            Check(_api, _api.Allreduce(MpiNative.InPlace, v, values.Length, _api.Double, op, _api.CommWorld), "MPI_Allreduce");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static void Check(MpiNative api, int code, string function)
    {
        if (code != MpiNative.Success)
        {
            throw new MpiException(function, code, api.Describe(code));
        }
    }
}
