using System.Globalization;
using Hemingway.Core;

namespace Hemingway.Modeling.SystemModel;

/// <summary>
/// Reads the training data of Ernest's predictor: one <c>machines,fraction,time</c> line per measurement, lines whose
/// first character is <c>#</c> are comments (Ernest's files start with <c>#Cores,Input Fraction, Time (s)</c>), blank
/// lines are skipped, fields may carry surrounding spaces. Numbers are read culture-invariantly. Every problem is a
/// <see cref="HemingwayException"/> with a one-line message naming the file, line and column.
/// </summary>
public static class ErnestCsv
{
    private static readonly string[] ColumnNames = ["machines", "fraction", "time"];

    /// <summary>Reads the points of the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<ErnestPoint> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var reader = new StreamReader(path);
            return Parse(reader, path);
        }
        catch (FileNotFoundException)
        {
            throw new HemingwayException($"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new HemingwayException($"{path}: no such file");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HemingwayException($"{path}: cannot read it ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new HemingwayException($"{path}: cannot read it ({e.Message})", e);
        }
    }

    /// <summary>Reads points from <paramref name="reader"/>; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<ErnestPoint> Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var points = new List<ErnestPoint>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            var fields = text.Split(',');
            var where = $"{source}:{lineNumber}";
            if (fields.Length < ColumnNames.Length)
            {
                var missing = ColumnNames[fields.Length];
                throw new HemingwayException(
                    $"{where}: column '{missing}': missing (expected {ColumnNames.Length} columns machines,fraction,time, found {fields.Length})");
            }

            if (fields.Length > ColumnNames.Length)
            {
                throw new HemingwayException(
                    $"{where}: expected {ColumnNames.Length} columns machines,fraction,time, found {fields.Length}");
            }

            var machines = ParseMachines(where, fields[0].Trim());
            var fraction = ParsePositive(where, ColumnNames[1], fields[1].Trim());
            var seconds = ParsePositive(where, ColumnNames[2], fields[2].Trim());
            points.Add(new ErnestPoint(machines, fraction, seconds));
        }

        if (points.Count == 0)
        {
            throw new HemingwayException($"{source}: no data lines (expected lines machines,fraction,time)");
        }

        return points;
    }

    private static int ParseMachines(string where, string value)
    {
        if (value.Length == 0)
        {
            throw new HemingwayException($"{where}: column 'machines': missing value");
        }

        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var machines))
        {
            var kind = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "not a whole number" : "not a number";
            throw new HemingwayException($"{where}: column 'machines': value '{value}' is {kind}");
        }

        if (machines < 1 || machines > int.MaxValue)
        {
            throw new HemingwayException($"{where}: column 'machines': value '{value}' is not a positive number of machines");
        }

        return (int)machines;
    }

    private static double ParsePositive(string where, string column, string value)
    {
        if (value.Length == 0)
        {
            throw new HemingwayException($"{where}: column '{column}': missing value");
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new HemingwayException($"{where}: column '{column}': value '{value}' is not a number");
        }

        if (!double.IsFinite(number))
        {
            throw new HemingwayException($"{where}: column '{column}': value '{value}' is not a finite number");
        }

        if (number <= 0)
        {
            throw new HemingwayException($"{where}: column '{column}': value '{value}' must be positive");
        }

        return number;
    }
}
