namespace Hemingway.Core.Data;

/// <summary>
/// Input that cannot be read as a dataset. The message names the file, the line and the offending column or value,
/// in the form "file:line:column: what is wrong", so a user can go straight to it.
/// </summary>
public sealed class DataFormatException : HemingwayException
{
    /// <summary>An error located at a line (1-based) and, when known, a column (1-based) of a file.</summary>
    public DataFormatException(string file, long line, long column, string problem)
        : base(Format(file, line, column, problem))
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>An error about a whole file (missing, empty, wrong magic number).</summary>
    public DataFormatException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
    }

    /// <summary>The file that could not be read.</summary>
    public string File { get; }

    /// <summary>1-based line of the error, 0 when it concerns the whole file.</summary>
    public long Line { get; }

    /// <summary>1-based column (character position) of the error, 0 when unknown.</summary>
    public long Column { get; }

    private static string Format(string file, long line, long column, string problem) =>
        column > 0 ? $"{file}:{line}:{column}: {problem}" : $"{file}:{line}: {problem}";
}
