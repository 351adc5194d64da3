using System.Buffers.Binary;
using System.IO.Compression;

namespace Hemingway.Core.Data;

/// <summary>
/// Reads MNIST in its IDX form (an images file and a labels file, raw or gzip-compressed) as a binary problem:
/// one digit against the rest. Pixels become features value/255 in [0, 1]; black (zero) pixels are not stored.
/// </summary>
public static class MnistReader
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 2049;

    /// <summary>
    /// Reads images and labels; the label is +1 where the digit equals <paramref name="positiveDigit"/>, else −1.
    /// Throws <see cref="DataFormatException"/> on a missing file, a wrong magic number, or sizes that disagree.
    /// </summary>
    public static Dataset Read(string imagesPath, string labelsPath, int positiveDigit, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(positiveDigit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(positiveDigit, 9);
        var images = ReadIdx(imagesPath);
        var labels = ReadIdx(labelsPath);
        var (count, rows, columns) = ImagesHeader(images, imagesPath);
        CheckLabelsHeader(labels, labelsPath, count);

        var pixelsPerImage = rows * columns;
        var pixels = images.AsSpan(16);
        var stored = pixels.Length - pixels.Count((byte)0);
        var offsets = new int[count + 1];
        var indices = new int[stored];
        var values = new float[stored];
        var y = new double[count];
        var k = 0;
        for (var i = 0; i < count; i++)
        {
            var digit = labels[8 + i];
            if (digit > 9)
            {
                throw new DataFormatException(labelsPath, $"label {digit} of image {i} (byte {8 + i}) is not a digit 0-9");
            }

            y[i] = digit == positiveDigit ? 1.0 : -1.0;
            var image = pixels.Slice(i * pixelsPerImage, pixelsPerImage);
            for (var p = 0; p < image.Length; p++)
            {
                if (image[p] != 0)
                {
                    indices[k] = p;
                    values[k] = image[p] / 255f;
                    k++;
                }
            }

            offsets[i + 1] = k;
        }

        return new Dataset(name ?? imagesPath, new CsrMatrix(pixelsPerImage, offsets, indices, values), y);
    }

    /// <summary>The file's bytes, decompressed when it starts with the gzip magic bytes 1f 8b.</summary>
    private static byte[] ReadIdx(string path)
    {
        var bytes = DataFile.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"broken gzip data ({e.Message})");
        }
    }

    private static (int Count, int Rows, int Columns) ImagesHeader(byte[] file, string path)
    {
        var magic = Header(file, path, 16, 0);
        if (magic != ImagesMagic)
        {
            throw new DataFormatException(path, $"magic number {magic} is not {ImagesMagic}: not an IDX images file");
        }

        var count = Header(file, path, 16, 1);
        var rows = Header(file, path, 16, 2);
        var columns = Header(file, path, 16, 3);
        if (count < 0 || rows <= 0 || columns <= 0)
        {
            throw new DataFormatException(path, $"bad header: {count} images of {rows}×{columns} pixels");
        }

        var expected = 16 + ((long)count * rows * columns);
        if (file.Length != expected)
        {
            throw new DataFormatException(
                path, $"holds {file.Length} bytes but its header promises {expected} ({count} images of {rows}×{columns})");
        }

        return (count, rows, columns);
    }

    private static void CheckLabelsHeader(byte[] file, string path, int imageCount)
    {
        var magic = Header(file, path, 8, 0);
        if (magic != LabelsMagic)
        {
            throw new DataFormatException(path, $"magic number {magic} is not {LabelsMagic}: not an IDX labels file");
        }

        var count = Header(file, path, 8, 1);
        if (count != imageCount)
        {
            throw new DataFormatException(path, $"holds {count} labels but the images file holds {imageCount} images");
        }

        if (file.Length != 8L + count)
        {
            throw new DataFormatException(path, $"holds {file.Length} bytes but its header promises {8L + count}");
        }
    }

    /// <summary>The big-endian int32 number <paramref name="field"/> of a header of <paramref name="headerBytes"/> bytes.</summary>
    private static int Header(byte[] file, string path, int headerBytes, int field)
    {
        if (file.Length < headerBytes)
        {
            throw new DataFormatException(path, $"too short for an IDX header ({file.Length} bytes)");
        }

        return BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(field * 4, 4));
    }
}
