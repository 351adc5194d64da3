namespace Hemingway.Core.Data;

/// <summary>
/// Opening data files with errors a user can act on: a missing, unreadable or empty file becomes a
/// <see cref="DataFormatException"/> naming the file, never an I/O stack trace.
/// </summary>
internal static class DataFile
{
    /// <summary>The whole file as bytes; throws <see cref="DataFormatException"/> when it is missing or empty.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        CheckExists(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(path, e);
        }

        if (bytes.Length == 0)
        {
            throw new DataFormatException(path, "empty file");
        }

        return bytes;
    }

    /// <summary>Throws <see cref="DataFormatException"/> unless the path names an existing file.</summary>
    public static void CheckExists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new DataFormatException(path, "is a directory, not a data file");
        }

        if (!File.Exists(path))
        {
            throw new DataFormatException(path, "no such file");
        }
    }

    /// <summary>The error for a file that exists but cannot be read.</summary>
    public static DataFormatException CannotRead(string path, Exception cause) =>
        new(path, $"cannot be read ({cause.Message})");

    /// <summary>3 when the text starts with a UTF-8 byte order mark (as editors on Windows write), else 0.</summary>
    public static int ByteOrderMarkLength(ReadOnlySpan<byte> text) => text.StartsWith("\uFEFF"u8) ? 3 : 0;

    /// <summary>A token for an error message: quoted, printable, and cut short when long.</summary>
    public static string Quote(ReadOnlySpan<byte> token)
    {
        const int MaxLength = 40;
        var text = System.Text.Encoding.UTF8.GetString(token.Length > MaxLength ? token[..MaxLength] : token);
        return token.Length > MaxLength ? $"'{text}…'" : $"'{text}'";
    }
}
