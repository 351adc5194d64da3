namespace Hemingway.Core.Data;

/// <summary>Options for <see cref="LibSvmReader"/>.</summary>
public sealed record LibSvmReadOptions
{
    /// <summary>No fixed dimension, labels mapped as described on <see cref="PositiveClass"/>.</summary>
    public static LibSvmReadOptions Default { get; } = new();

    /// <summary>
    /// The dimension d, for example to read a test file with its training file's dimension. An index above it is an
    /// error. When null, d is the largest index in the file.
    /// </summary>
    public int? Features { get; init; }

    /// <summary>
    /// With a multi-class file: this label becomes +1 and every other label −1 (one-vs-rest). When null, labels
    /// that are all ±1 stay, all-0/1 labels become −1/+1, and any other labels are kept (regression).
    /// </summary>
    public double? PositiveClass { get; init; }

    /// <summary>Throws <see cref="HemingwayException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (Features is < 1)
        {
            throw new HemingwayException($"the number of features must be at least 1, not {Features}");
        }

        LabelMapping.Validate(PositiveClass);
    }
}
