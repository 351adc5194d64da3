namespace Hemingway.Core.Data;

/// <summary>Options for <see cref="CsvDatasetReader"/>.</summary>
public sealed record CsvReadOptions
{
    /// <summary>Label in the first column, header detected, labels mapped as for LIBSVM.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>
    /// The label column: a header name, or a 0-based column number. When null, the first column.
    /// A header name wins over a number when both could match.
    /// </summary>
    public string? LabelColumn { get; init; }

    /// <summary>
    /// Whether the first line is a header. When null it is detected: the first line is a header when any of its fields
    /// is not a number.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>The label that becomes +1 (one-vs-rest), as in <see cref="LibSvmReadOptions.PositiveClass"/>.</summary>
    public double? PositiveClass { get; init; }

    /// <summary>Throws <see cref="HemingwayException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (LabelColumn is { } column && string.IsNullOrWhiteSpace(column))
        {
            throw new HemingwayException("the label column must be a name or a 0-based number, not empty");
        }

        LabelMapping.Validate(PositiveClass);
    }
}
