namespace Hemingway.Modeling.Validation;

/// <summary>Absolute prediction errors in log10 of the target (P − P* by default): how many, their median and 90th percentile.</summary>
public sealed record ErrorSummary(int Count, double Median, double Percentile90)
{
    /// <summary>The summary of <paramref name="errors"/> (NaN statistics when there are none).</summary>
    public static ErrorSummary Of(IReadOnlyCollection<double> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            return new ErrorSummary(0, double.NaN, double.NaN);
        }

        var sorted = errors.Order().ToArray();
        return new ErrorSummary(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.9));
    }

    /// <summary>Linear interpolation between order statistics, as numpy's default percentile.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
