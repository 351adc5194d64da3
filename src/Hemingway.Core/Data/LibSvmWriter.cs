using System.Globalization;

namespace Hemingway.Core.Data;

/// <summary>
/// Writes a dataset in the LIBSVM text format that <see cref="LibSvmReader"/> reads back exactly: labels as integers
/// when they are integral, values in shortest round-trip form, 1-based indices, and only the stored entries (stored
/// zeros included), so reading the file reproduces the CSR arrays bit for bit.
/// </summary>
/// <remarks>
/// Formatting floats dominates the cost (about 100 ns each), so blocks of rows are formatted into byte buffers in
/// parallel, a few blocks per core at a time, and written in order.
/// </remarks>
public static class LibSvmWriter
{
    private const int RowsPerBlock = 1024;
    private const int BlocksPerCore = 2;

    // Upper bounds on the bytes of one label ("-1.7976931348623157E+308" and '\n') and of one entry
    // (' ', "2147483647", ':', "-1.17549435E-38"), rounded up.
    private const int MaxLabelBytes = 32;
    private const int MaxEntryBytes = 32;

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
        var blocks = (data.Rows + RowsPerBlock - 1) / RowsPerBlock;
        var wave = Environment.ProcessorCount * BlocksPerCore;
        var buffers = new byte[]?[wave];
        var lengths = new int[wave];
        for (var first = 0; first < blocks; first += wave)
        {
            var count = Math.Min(wave, blocks - first);
            Parallel.For(0, count, b =>
            {
                var start = (first + b) * RowsPerBlock;
                lengths[b] = FormatRows(data, start, Math.Min(data.Rows, start + RowsPerBlock), ref buffers[b]);
            });
            for (var b = 0; b < count; b++)
            {
                stream.Write(buffers[b]!, 0, lengths[b]);
            }
        }
    }

    /// <summary>Formats rows [start, end) into the buffer, growing it to the worst case first; returns the bytes used.</summary>
    private static int FormatRows(Dataset data, int start, int end, ref byte[]? buffer)
    {
        var matrix = data.Features;
        var worstCase = (MaxLabelBytes * (long)(end - start)) + (MaxEntryBytes * (long)(matrix.RowOffsets[end] - matrix.RowOffsets[start]));
        if (buffer is null || buffer.Length < worstCase)
        {
            buffer = new byte[checked((int)worstCase)];
        }

        var used = 0;
        for (var row = start; row < end; row++)
        {
            used += FormatLabel(data.Labels[row], buffer.AsSpan(used));
            var indices = matrix.RowIndices(row);
            var values = matrix.RowValues(row);
            for (var k = 0; k < indices.Length; k++)
            {
                var free = buffer.AsSpan(used);
                free[0] = (byte)' ';
                Check(((uint)indices[k] + 1).TryFormat(free[1..], out var indexBytes, default, CultureInfo.InvariantCulture));
                free[1 + indexBytes] = (byte)':';
                Check(values[k].TryFormat(free[(2 + indexBytes)..], out var valueBytes, "R", CultureInfo.InvariantCulture));
                used += 2 + indexBytes + valueBytes;
            }

            buffer[used++] = (byte)'\n';
        }

        return used;
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

    private static void Check(bool formatted)
    {
        if (!formatted)
        {
            throw new InvalidOperationException("A number did not fit its formatting buffer."); // a bug, not bad input
        }
    }
}
