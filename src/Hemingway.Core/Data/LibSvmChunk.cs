using System.Runtime.CompilerServices;

namespace Hemingway.Core.Data;

/// <summary>
/// One piece of a LIBSVM file, made of whole lines, parsed on its own thread. Its entries go straight into the
/// reader's shared index and value arrays from <see cref="EntryStart"/> on; labels and row lengths stay here until
/// the reader joins the chunks. Errors are recorded, not thrown, so the reader can report the first one in the file.
/// </summary>
internal sealed class LibSvmChunk
{
    private double[] _labels = [];
    private int[] _rowLengths = [];

    /// <summary>A chunk covering bytes [start, start + length) of the file.</summary>
    public LibSvmChunk(long start, int length)
    {
        Start = start;
        Length = length;
    }

    /// <summary>Offset of the chunk's first byte in the file; always the start of a line.</summary>
    public long Start { get; }

    /// <summary>Length of the chunk in bytes.</summary>
    public int Length { get; }

    /// <summary>Where this chunk's entries start in the shared arrays.</summary>
    public int EntryStart { get; set; }

    /// <summary>Number of examples parsed.</summary>
    public int Rows { get; private set; }

    /// <summary>Number of index:value entries parsed.</summary>
    public int Entries { get; private set; }

    /// <summary>Largest (1-based) feature index seen; 0 when none.</summary>
    public int MaxIndex { get; private set; }

    /// <summary>True when the chunk holds any non-blank line (an example or a comment).</summary>
    public bool HasContent { get; private set; }

    /// <summary>
    /// 0-based line (within the chunk) of the first of the blank lines that end the chunk, or −1. Blank lines are only
    /// allowed at the very end of the file, which the reader checks across chunks.
    /// </summary>
    public int TrailingBlankLine { get; private set; } = -1;

    /// <summary>The first error, with its 0-based line within the chunk, or null.</summary>
    public (int Line, int Column, string Problem)? Error { get; private set; }

    /// <summary>Labels of the parsed rows.</summary>
    public ReadOnlySpan<double> Labels => _labels.AsSpan(0, Rows);

    /// <summary>Entry counts of the parsed rows.</summary>
    public ReadOnlySpan<int> RowLengths => _rowLengths.AsSpan(0, Rows);

    /// <summary>
    /// Parses the chunk's text. The shared arrays must have room for one entry per ':' in the text from
    /// <see cref="EntryStart"/> on, which bounds the number of entries. Indices are stored 0-based.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Parse(ReadOnlySpan<byte> text, int[] indices, float[] values, int featureLimit)
    {
        var lineCapacity = text.Count((byte)'\n') + 1;
        _labels = new double[lineCapacity];
        _rowLengths = new int[lineCapacity];
        var entryIndices = indices.AsSpan(EntryStart);
        var entryValues = values.AsSpan(EntryStart);
        var line = 0;
        for (var position = 0; position < text.Length; line++)
        {
            var lineLength = text[position..].IndexOf((byte)'\n');
            lineLength = lineLength < 0 ? text.Length - position : lineLength;
            if (!ParseLine(text.Slice(position, lineLength), line, entryIndices, entryValues, featureLimit))
            {
                return;
            }

            position += lineLength + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ParseLine(ReadOnlySpan<byte> s, int line, Span<int> indices, Span<float> values, int featureLimit)
    {
        var i = SkipBlanks(s, 0);
        if (i == s.Length)
        {
            TrailingBlankLine = TrailingBlankLine < 0 ? line : TrailingBlankLine;
            return true;
        }

        if (TrailingBlankLine >= 0)
        {
            return Fail(TrailingBlankLine, 0, "empty line in the middle of the data (every line needs a label)");
        }

        HasContent = true;
        if (s[i] == '#')
        {
            return true; // a comment line, as SVMlight allows
        }

        var labelEnd = TokenEnd(s, i);
        if (!AsciiNumber.TryParseDouble(s[i..labelEnd], out var label))
        {
            return Fail(line, i, $"label {DataFile.Quote(s[i..labelEnd])} is not a number");
        }

        if (!double.IsFinite(label))
        {
            return Fail(line, i, $"label {DataFile.Quote(s[i..labelEnd])} is not a finite number");
        }

        var entries = Entries; // a local, so the hot loop keeps it in a register
        var previous = 0;
        for (i = SkipBlanks(s, labelEnd); i < s.Length && s[i] != '#'; i = SkipBlanks(s, i))
        {
            var tokenStart = i;
            long index = 0;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9 && index <= int.MaxValue; i++)
            {
                index = (index * 10) + (s[i] - '0');
            }

            if (index > int.MaxValue)
            {
                return Fail(line, tokenStart, $"index in {Token(s, tokenStart)} is too large");
            }

            if (i == tokenStart || i == s.Length || s[i] != ':')
            {
                return Fail(line, tokenStart, $"expected index:value, found {Token(s, tokenStart)}");
            }

            // Parse the value and find where it ends in one pass; the framework parser takes what the fast path cannot.
            var valueStart = i + 1;
            var consumed = AsciiNumber.ParseFloatPrefix(s[valueStart..], out var value);
            i = valueStart + consumed;
            if (consumed <= 0 || (i < s.Length && !IsBlank(s[i])))
            {
                i = TokenEnd(s, valueStart);
                if (!AsciiNumber.TryParseFloat(s[valueStart..i], out value))
                {
                    return Fail(line, tokenStart, $"the value in {Token(s, tokenStart)} is not a number");
                }
            }

            if (!float.IsFinite(value))
            {
                return Fail(line, tokenStart, $"the value in {Token(s, tokenStart)} is not finite in float32");
            }

            if (index < 1)
            {
                return Fail(line, tokenStart, $"index in {Token(s, tokenStart)} must be at least 1");
            }

            if (index <= previous)
            {
                return Fail(line, tokenStart, $"index in {Token(s, tokenStart)} is not above the previous index {previous}");
            }

            if (index > featureLimit)
            {
                var limit = featureLimit == int.MaxValue ? "the largest supported index" : $"the {featureLimit} features";
                return Fail(line, tokenStart, $"index in {Token(s, tokenStart)} exceeds {limit}");
            }

            indices[entries] = (int)index - 1;
            values[entries] = value;
            entries++;
            previous = (int)index;
        }

        _labels[Rows] = label;
        _rowLengths[Rows] = entries - Entries;
        Entries = entries;
        Rows++;
        MaxIndex = Math.Max(MaxIndex, previous);
        return true;
    }

    /// <summary>The quoted token starting at i, for error messages only.</summary>
    private static string Token(ReadOnlySpan<byte> s, int i) => DataFile.Quote(s[i..TokenEnd(s, i)]);

    private bool Fail(int line, int offset, string problem)
    {
        Error = (line, offset + 1, problem);
        return false;
    }

    // Separators are spaces, tabs and the '\r' of Windows line ends ('\n' never occurs inside a line).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlank(byte b) => b == ' ' || (uint)(b - '\t') <= '\r' - '\t';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipBlanks(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsBlank(s[i]))
        {
            i++;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TokenEnd(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && !IsBlank(s[i]))
        {
            i++;
        }

        return i;
    }
}
