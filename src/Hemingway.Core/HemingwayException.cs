namespace Hemingway.Core;

/// <summary>
/// An error caused by the user's input or environment (bad file, bad option, missing tool), as opposed to a bug.
/// The command line prints its message as one line and exits with code 2; it never shows a stack trace for it.
/// </summary>
public class HemingwayException : Exception
{
    /// <summary>An input error with a message that says what is wrong and where.</summary>
    public HemingwayException(string message)
        : base(message)
    {
    }

    /// <summary>An input error caused by another exception (for example an I/O error).</summary>
    public HemingwayException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Parameterless constructor required by the exception pattern.</summary>
    public HemingwayException()
    {
    }
}
