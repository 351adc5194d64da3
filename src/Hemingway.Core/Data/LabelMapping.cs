namespace Hemingway.Core.Data;

/// <summary>
/// How text readers turn the labels found in a file into the labels of a <see cref="Dataset"/>:
/// with a positive class, that class becomes +1 and every other label −1 (one-vs-rest);
/// without one, labels that are all ±1 stay, labels that are all 0 or 1 become −1 / +1,
/// and any other set of labels is kept as it is (regression targets).
/// </summary>
internal static class LabelMapping
{
    /// <summary>Maps the labels in place; throws when the positive class does not occur at all (most likely a typo).</summary>
    public static void Apply(double[] labels, double? positiveClass, string file)
    {
        if (positiveClass is { } positive)
        {
            var found = false;
            for (var i = 0; i < labels.Length; i++)
            {
                found |= labels[i] == positive;
                labels[i] = labels[i] == positive ? 1.0 : -1.0;
            }

            if (!found)
            {
                throw new DataFormatException(file, $"the positive class {positive} does not occur among the labels");
            }

            return;
        }

        if (Array.TrueForAll(labels, y => y is 0.0 or 1.0))
        {
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = labels[i] == 1.0 ? 1.0 : -1.0;
            }
        }
    }

    /// <summary>Checks a positive class given as an option.</summary>
    public static void Validate(double? positiveClass)
    {
        if (positiveClass is { } positive && !double.IsFinite(positive))
        {
            throw new HemingwayException($"the positive class must be a finite number, not {positive}");
        }
    }
}
