namespace Hemingway.Mpi;

/// <summary>An MPI call returned an error code (the world communicator returns errors instead of aborting the job).</summary>
public sealed class MpiException : Exception
{
    /// <summary>An error without a code.</summary>
    public MpiException()
    {
    }

    /// <summary>An error without a code.</summary>
    public MpiException(string message)
        : base(message)
    {
    }

    /// <summary>An error without a code, caused by <paramref name="inner"/>.</summary>
    public MpiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary><paramref name="function"/> returned <paramref name="errorCode"/>, described by <paramref name="description"/>.</summary>
    public MpiException(string function, int errorCode, string description)
        : base($"{function} failed: {description} (MPI error {errorCode})")
    {
        Function = function;
        ErrorCode = errorCode;
    }

    /// <summary>The MPI function that failed, such as "MPI_Allreduce".</summary>
    public string? Function { get; }

    /// <summary>The MPI error code.</summary>
    public int ErrorCode { get; }
}
