namespace Hemingway.Core.Data;

/// <summary>Options for <see cref="DatasetSpec.Load(string, DatasetLoadOptions?)"/>; each applies only to the kinds of spec it makes sense for.</summary>
public sealed record DatasetLoadOptions
{
    /// <summary>No options: the file decides the dimension and the labels.</summary>
    public static DatasetLoadOptions Default { get; } = new();

    /// <summary>
    /// The dimension d. LIBSVM files are read with it (an index above it is an error); other sources are widened to it
    /// (it must not be below their own dimension).
    /// </summary>
    public int? Features { get; init; }

    /// <summary>The label that becomes +1, every other −1 (LIBSVM and CSV only; <c>mnist:D</c> names its own).</summary>
    public double? PositiveClass { get; init; }

    /// <summary>The label column of a CSV file, a header name or a 0-based number (CSV only).</summary>
    public string? LabelColumn { get; init; }
}
