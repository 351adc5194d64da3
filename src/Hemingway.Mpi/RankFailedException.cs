namespace Hemingway.Mpi;

/// <summary>
/// A rank of a training run died (crashed, or was killed) or hung, and the run was stopped: not bad input, not a bug.
/// The message is one line naming the rank, what happened to it, and what of the run is stored (iterations, latest
/// checkpoint) with how to resume it.
/// </summary>
public sealed class RankFailedException : Exception
{
    /// <summary>A failure without details.</summary>
    public RankFailedException()
    {
    }

    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public RankFailedException(string message)
        : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public RankFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
