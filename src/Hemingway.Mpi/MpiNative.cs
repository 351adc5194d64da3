using System.Runtime.InteropServices;
using Hemingway.Core;

namespace Hemingway.Mpi;

/// <summary>
/// The few entry points of Open MPI's C library (<c>libmpi.so.40</c>, Open MPI 4.x) that Hemingway uses, as unmanaged
/// function pointers resolved once, and the predefined handles. In Open MPI a handle such as <c>MPI_COMM_WORLD</c> is
/// the address of an exported object (<c>&amp;ompi_mpi_comm_world</c>), so handles too come from
/// <see cref="NativeLibrary.GetExport"/>. Use it through <see cref="MpiCommunicator"/>.
/// </summary>
internal sealed unsafe class MpiNative
{
    /// <summary>The shared library: Open MPI 4's ABI (Debian <c>openmpi-bin</c>, <c>libopenmpi3</c>).</summary>
    public const string LibraryName = "libmpi.so.40";

    /// <summary><c>MPI_SUCCESS</c>.</summary>
    public const int Success = 0;

    /// <summary><c>MPI_MAX_ERROR_STRING</c> in Open MPI.</summary>
    public const int MaxErrorString = 256;

    /// <summary><c>MPI_IN_PLACE</c>: <c>(void *) 1</c> in Open MPI.</summary>
    public static readonly void* InPlace = (void*)1;

    private static readonly Lazy<MpiNative> Loaded = new(() => Open(LibraryName));

    private MpiNative(nint library)
    {
        Init = (delegate* unmanaged<int*, byte***, int>)Export(library, "MPI_Init");
        Initialized = (delegate* unmanaged<int*, int>)Export(library, "MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Export(library, "MPI_Finalized");
        CommRank = (delegate* unmanaged<nint, int*, int>)Export(library, "MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Export(library, "MPI_Comm_size");
        CommSetErrhandler = (delegate* unmanaged<nint, nint, int>)Export(library, "MPI_Comm_set_errhandler");
        Allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Export(library, "MPI_Allreduce");
        Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Export(library, "MPI_Bcast");
        Gather = (delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, int>)Export(library, "MPI_Gather");
        Gatherv = (delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, int, nint, int>)Export(library, "MPI_Gatherv");
        Barrier = (delegate* unmanaged<nint, int>)Export(library, "MPI_Barrier");
        Wtime = (delegate* unmanaged<double>)Export(library, "MPI_Wtime");
        Abort = (delegate* unmanaged<nint, int, int>)Export(library, "MPI_Abort");
        Finalize = (delegate* unmanaged<int>)Export(library, "MPI_Finalize");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)Export(library, "MPI_Error_string");
        CommWorld = Export(library, "ompi_mpi_comm_world");
        Double = Export(library, "ompi_mpi_double");
        Byte = Export(library, "ompi_mpi_byte");
        Int = Export(library, "ompi_mpi_int");
        Sum = Export(library, "ompi_mpi_op_sum");
        Max = Export(library, "ompi_mpi_op_max");
        ErrorsReturn = Export(library, "ompi_mpi_errors_return");
    }

    /// <summary><c>int MPI_Init(int *argc, char ***argv)</c>.</summary>
    public delegate* unmanaged<int*, byte***, int> Init { get; }

    /// <summary><c>int MPI_Initialized(int *flag)</c>.</summary>
    public delegate* unmanaged<int*, int> Initialized { get; }

    /// <summary><c>int MPI_Finalized(int *flag)</c>.</summary>
    public delegate* unmanaged<int*, int> Finalized { get; }

    /// <summary><c>int MPI_Comm_rank(MPI_Comm comm, int *rank)</c>.</summary>
    public delegate* unmanaged<nint, int*, int> CommRank { get; }

    /// <summary><c>int MPI_Comm_size(MPI_Comm comm, int *size)</c>.</summary>
    public delegate* unmanaged<nint, int*, int> CommSize { get; }

    /// <summary><c>int MPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler)</c>.</summary>
    public delegate* unmanaged<nint, nint, int> CommSetErrhandler { get; }

    /// <summary><c>int MPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype, MPI_Op, MPI_Comm)</c>.</summary>
    public delegate* unmanaged<void*, void*, int, nint, nint, nint, int> Allreduce { get; }

    /// <summary><c>int MPI_Bcast(void *buffer, int count, MPI_Datatype, int root, MPI_Comm)</c>.</summary>
    public delegate* unmanaged<void*, int, nint, int, nint, int> Bcast { get; }

    /// <summary><c>int MPI_Gather(const void *sendbuf, int sendcount, MPI_Datatype, void *recvbuf, int recvcount, MPI_Datatype, int root, MPI_Comm)</c>.</summary>
    public delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, int> Gather { get; }

    /// <summary><c>int MPI_Gatherv(const void *sendbuf, int sendcount, MPI_Datatype, void *recvbuf, const int recvcounts[], const int displs[], MPI_Datatype, int root, MPI_Comm)</c>.</summary>
    public delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, int, nint, int> Gatherv { get; }

    /// <summary><c>int MPI_Barrier(MPI_Comm comm)</c>.</summary>
    public delegate* unmanaged<nint, int> Barrier { get; }

    /// <summary><c>double MPI_Wtime(void)</c>.</summary>
    public delegate* unmanaged<double> Wtime { get; }

    /// <summary><c>int MPI_Abort(MPI_Comm comm, int errorcode)</c>.</summary>
    public delegate* unmanaged<nint, int, int> Abort { get; }

    /// <summary><c>int MPI_Finalize(void)</c>.</summary>
    public delegate* unmanaged<int> Finalize { get; }

    /// <summary><c>int MPI_Error_string(int errorcode, char *string, int *resultlen)</c>.</summary>
    public delegate* unmanaged<int, byte*, int*, int> ErrorString { get; }

    /// <summary><c>MPI_COMM_WORLD</c>.</summary>
    public nint CommWorld { get; }

    /// <summary><c>MPI_DOUBLE</c>.</summary>
    public nint Double { get; }

    /// <summary><c>MPI_BYTE</c>.</summary>
    public nint Byte { get; }

    /// <summary><c>MPI_INT</c>.</summary>
    public nint Int { get; }

    /// <summary><c>MPI_SUM</c>.</summary>
    public nint Sum { get; }

    /// <summary><c>MPI_MAX</c>.</summary>
    public nint Max { get; }

    /// <summary><c>MPI_ERRORS_RETURN</c>: errors come back as codes instead of aborting the job.</summary>
    public nint ErrorsReturn { get; }

    /// <summary>The library, loaded on first use; a <see cref="HemingwayException"/> saying how to install it when it is missing.</summary>
    public static MpiNative Api => Loaded.Value;

    /// <summary>The text of an MPI error code.</summary>
    public string Describe(int code)
    {
        var text = stackalloc byte[MaxErrorString + 1];
        var length = 0;
        return ErrorString(code, text, &length) == Success && length > 0
            ? Marshal.PtrToStringUTF8((nint)text, Math.Min(length, MaxErrorString))
            : $"MPI error {code}";
    }

    /// <summary>Loads <paramref name="libraryName"/> and resolves the entry points and handles.</summary>
    /// <exception cref="HemingwayException">The library is missing, or lacks a symbol.</exception>
    internal static MpiNative Open(string libraryName)
    {
        if (!NativeLibrary.TryLoad(libraryName, typeof(MpiNative).Assembly, DllImportSearchPath.SafeDirectories, out var library) &&
            !NativeLibrary.TryLoad(libraryName, out library))
        {
            throw new HemingwayException($"Open MPI not found ({libraryName}): install openmpi-bin, e.g. run scripts/setup.sh");
        }

        return new MpiNative(library);
    }

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new HemingwayException($"{LibraryName} has no symbol {name}: Hemingway needs Open MPI 4 (Debian openmpi-bin)");
}
