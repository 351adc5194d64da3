using System.Globalization;

namespace Hemingway.Core.Data;

/// <summary>
/// Writes a dataset in the LIBSVM text format that <see cref="LibSvmReader"/> reads back exactly: labels as integers
/// when they are integral, values in shortest round-trip form, 1-based indices, and only the stored entries (stored
/// zeros included), so reading the file reproduces the CSR arrays bit for bit.
/// </summary>
public static class LibSvmWriter
{
    // Formatting goes into a byte buffer that is flushed when fewer than MaxEntryBytes bytes are left.
    private const int BufferBytes = 1 << 20;
    private const int MaxEntryBytes = 64; // "2147483647:" (11) + a float in "R" form (at most 15) + a space, with room

    /// <summary>Writes the dataset to a file, replacing it if it exists.</summary>
    public static void Write(Dataset data, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        Write(data, stream);
    }

    /// <summary>Writes the dataset to a stream, one line per example.</summary>
    public static void Write(Dataset data, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[BufferBytes];
        var used = 0;
        var matrix = data.Features;
        for (var row = 0; row < data.Rows; row++)
        {
            used = Reserve(stream, buffer, used);
            used += FormatLabel(data.Labels[row], buffer.AsSpan(used));
            var indices = matrix.RowIndices(row);
            var values = matrix.RowValues(row);
            for (var k = 0; k < indices.Length; k++)
            {
                used = Reserve(stream, buffer, used);
                var free = buffer.AsSpan(used);
                free[0] = (byte)' ';
                Check(((uint)indices[k] + 1).TryFormat(free[1..], out var indexBytes, default, CultureInfo.InvariantCulture));
                free[1 + indexBytes] = (byte)':';
                Check(values[k].TryFormat(free[(2 + indexBytes)..], out var valueBytes, "R", CultureInfo.InvariantCulture));
                used += 2 + indexBytes + valueBytes;
            }

            buffer[used++] = (byte)'\n';
        }

        stream.Write(buffer, 0, used);
    }

    private static int FormatLabel(double label, Span<byte> destination)
    {
        int written;
        if (label == Math.Floor(label) && Math.Abs(label) < 1e15)
        {
            Check(((long)label).TryFormat(destination, out written, default, CultureInfo.InvariantCulture));
        }
        else
        {
            Check(label.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture));
        }

        return written;
    }

    /// <summary>Flushes the buffer when it has less than room for one more entry; returns the bytes still in use.</summary>
    private static int Reserve(Stream stream, byte[] buffer, int used)
    {
        if (buffer.Length - used >= MaxEntryBytes)
        {
            return used;
        }

        stream.Write(buffer, 0, used);
        return 0;
    }

    private static void Check(bool formatted)
    {
        if (!formatted)
        {
            throw new InvalidOperationException("A number did not fit its formatting buffer."); // a bug, not bad input
        }
    }
}
