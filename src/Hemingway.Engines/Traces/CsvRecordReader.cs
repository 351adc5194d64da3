using System.Text;
using Hemingway.Core;

namespace Hemingway.Engines.Traces;

/// <summary>One record of a CSV file: its fields and the line it starts on (1-based).</summary>
/// <param name="Line">The physical line the record starts on.</param>
/// <param name="Fields">The fields, unquoted.</param>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>A line with nothing on it, which CSV readers skip.</summary>
    public bool IsBlank => Fields.Count == 1 && Fields[0].Length == 0;
}

/// <summary>
/// Reads RFC 4180 CSV: fields separated by commas, records by LF or CRLF; a field in double quotes may hold commas,
/// line breaks and doubled quotes (<c>""</c>). A quote inside an unquoted field is taken literally.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly string _fileName;
    private int _line = 1;

    public CsvRecordReader(TextReader reader, string fileName)
    {
        _reader = reader;
        _fileName = fileName;
    }

    /// <summary>The next record, or null at the end of the input.</summary>
    /// <exception cref="HemingwayException">A quoted field is not closed, or text follows its closing quote.</exception>
    public CsvRecord? Read()
    {
        if (_reader.Peek() < 0)
        {
            return null;
        }

        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            var c = _reader.Read();
            if (c < 0 || c == '\n')
            {
                fields.Add(field.ToString());
                _line += c < 0 ? 0 : 1;
                return new CsvRecord(start, fields);
            }

            if (c == '\r' && _reader.Peek() == '\n')
            {
                continue;
            }

            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '"' && field.Length == 0)
            {
                ReadQuoted(field, start);
                var next = _reader.Peek();
                if (next >= 0 && next != ',' && next != '\n' && next != '\r')
                {
                    throw new HemingwayException(
                        $"{_fileName}:{_line}: text after the closing quote of a quoted field (write a quote inside quotes as \"\")");
                }

                // An empty quoted field ("") then a comma must not reopen a quote on the next character.
                fields.Add(field.ToString());
                field.Clear();
                var separator = _reader.Read();
                if (separator == '\r' && _reader.Peek() == '\n')
                {
                    separator = _reader.Read();
                }

                if (separator < 0 || separator == '\n')
                {
                    _line += separator < 0 ? 0 : 1;
                    return new CsvRecord(start, fields);
                }
            }
            else
            {
                field.Append((char)c);
            }
        }
    }

    private void ReadQuoted(StringBuilder field, int start)
    {
        while (true)
        {
            var c = _reader.Read();
            if (c < 0)
            {
                throw new HemingwayException($"{_fileName}:{start}: a quoted field is not closed before the end of the file");
            }

            if (c == '"')
            {
                if (_reader.Peek() != '"')
                {
                    return;
                }

                _reader.Read();
            }

            if (c == '\n')
            {
                _line++;
            }

            field.Append((char)c);
        }
    }
}
