using System.Globalization;
using System.Text;

namespace Hemingway.Core.Data;

/// <summary>
/// Reads a dense numeric CSV file (comma-separated, one example per line, optional header) as a dataset: one column
/// is the label, every other column a feature (zeros are not stored). Fields may be wrapped in double quotes but may
/// not contain commas. Blank lines are allowed only at the end. Errors name the file, line and column.
/// </summary>
public static class CsvDatasetReader
{
    /// <summary>Reads a CSV file into a dataset named <paramref name="name"/> (default: the path).</summary>
    public static Dataset Read(string path, CsvReadOptions? options = null, string? name = null)
    {
        options ??= CsvReadOptions.Default;
        options.Validate();
        var text = DataFile.ReadAllBytes(path);
        var lines = SplitLines(text, path);
        if (lines.Count == 0)
        {
            throw new DataFormatException(path, "no examples (only blank lines)");
        }

        var firstFields = Fields(text.AsSpan(lines[0].Start, lines[0].Length));
        var hasHeader = options.HasHeader
            ?? firstFields.Exists(f => !AsciiNumber.TryParseDouble(Field(text, lines[0].Start, f), out _));
        var header = hasHeader ? firstFields.ConvertAll(f => Encoding.UTF8.GetString(Field(text, lines[0].Start, f))) : null;
        var labelColumn = LabelColumn(options.LabelColumn, header, firstFields.Count, path);

        var offsets = new List<int>(lines.Count) { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new List<double>(lines.Count);
        for (var l = hasHeader ? 1 : 0; l < lines.Count; l++)
        {
            var (start, length, number) = lines[l];
            var fields = Fields(text.AsSpan(start, length));
            if (fields.Count != firstFields.Count)
            {
                throw new DataFormatException(path, number, 0, $"{fields.Count} fields where the first line has {firstFields.Count}");
            }

            var feature = 0;
            for (var c = 0; c < fields.Count; c++)
            {
                var field = Field(text, start, fields[c]);
                var column = fields[c].Start + 1;
                if (field.IsEmpty)
                {
                    throw new DataFormatException(path, number, column, $"field {c} is empty (missing values are not supported)");
                }

                if (c == labelColumn)
                {
                    if (!AsciiNumber.TryParseDouble(field, out var label) || !double.IsFinite(label))
                    {
                        throw new DataFormatException(path, number, column, $"label {DataFile.Quote(field)} is not a finite number");
                    }

                    labels.Add(label);
                    continue;
                }

                if (!AsciiNumber.TryParseFloat(field, out var value) || !float.IsFinite(value))
                {
                    throw new DataFormatException(path, number, column, $"value {DataFile.Quote(field)} is not a finite float32 number");
                }

                if (value != 0)
                {
                    indices.Add(feature);
                    values.Add(value);
                }

                feature++;
            }

            offsets.Add(indices.Count);
        }

        if (labels.Count == 0)
        {
            throw new DataFormatException(path, "no examples (only a header)");
        }

        var y = labels.ToArray();
        LabelMapping.Apply(y, options.PositiveClass, path);
        var matrix = new CsrMatrix(firstFields.Count - 1, [.. offsets], [.. indices], [.. values]);
        return new Dataset(name ?? path, matrix, y);
    }

    /// <summary>The non-blank lines (start, length, 1-based line number); a blank line before data is an error.</summary>
    private static List<(int Start, int Length, int Number)> SplitLines(byte[] text, string path)
    {
        var lines = new List<(int Start, int Length, int Number)>();
        var firstBlank = 0;
        var number = 1;
        for (var start = DataFile.ByteOrderMarkLength(text); start < text.Length; number++)
        {
            var length = text.AsSpan(start).IndexOf((byte)'\n');
            length = length < 0 ? text.Length - start : length;
            var line = text.AsSpan(start, length).TrimEnd((byte)'\r');
            if (line.Trim((byte)' ').IsEmpty)
            {
                firstBlank = firstBlank == 0 ? number : firstBlank;
            }
            else if (firstBlank != 0)
            {
                throw new DataFormatException(path, firstBlank, 1, "empty line in the middle of the data");
            }
            else
            {
                lines.Add((start, line.Length, number));
            }

            start += length + 1;
        }

        return lines;
    }

    /// <summary>Each field's start (0-based, within the line) and length, split at commas.</summary>
    private static List<(int Start, int Length)> Fields(ReadOnlySpan<byte> line)
    {
        var fields = new List<(int Start, int Length)>();
        var start = 0;
        while (true)
        {
            var comma = line[start..].IndexOf((byte)',');
            var length = comma < 0 ? line.Length - start : comma;
            fields.Add((start, length));
            if (comma < 0)
            {
                return fields;
            }

            start += length + 1;
        }
    }

    /// <summary>A field's text without surrounding spaces and double quotes.</summary>
    private static ReadOnlySpan<byte> Field(byte[] text, int lineStart, (int Start, int Length) field)
    {
        var span = text.AsSpan(lineStart + field.Start, field.Length).Trim((byte)' ');
        return span.Length >= 2 && span[0] == '"' && span[^1] == '"' ? span[1..^1].Trim((byte)' ') : span;
    }

    /// <summary>Resolves the label column option to a 0-based column.</summary>
    private static int LabelColumn(string? option, List<string>? header, int columns, string path)
    {
        if (option is null)
        {
            return 0;
        }

        var byName = header?.IndexOf(option) ?? -1;
        if (byName >= 0)
        {
            return byName;
        }

        if (int.TryParse(option, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < columns)
        {
            return number;
        }

        var known = header is null ? $"the file has no header and {columns} columns" : $"the columns are {string.Join(", ", header)}";
        throw new DataFormatException(path, $"no label column '{option}': {known}");
    }
}
