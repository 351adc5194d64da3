using System.Buffers.Binary;
using System.IO.Compression;

namespace Hemingway.Core.Tests.Data;

/// <summary>Writes small MNIST-style IDX files (big-endian headers, one byte per pixel or label).</summary>
internal static class IdxFiles
{
    public static byte[] Images(int count, int rows, int columns, byte[] pixels, int magic = 2051) =>
        [.. Header(magic, count, rows, columns), .. pixels];

    public static byte[] Labels(byte[] labels, int magic = 2049) => [.. Header(magic, labels.Length), .. labels];

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Header(params int[] fields)
    {
        var header = new byte[fields.Length * 4];
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(i * 4), fields[i]);
        }

        return header;
    }
}
