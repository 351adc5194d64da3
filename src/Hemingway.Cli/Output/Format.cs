using System.Globalization;

namespace Hemingway.Cli.Output;

/// <summary>Number formats for humans, always culture-invariant.</summary>
internal static class Format
{
    /// <summary>An objective value with enough digits to see sub-optimality 1e-6.</summary>
    public static string Objective(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>A small quantity such as a gap: scientific notation.</summary>
    public static string Small(double? value) => value is { } v ? v.ToString("0.00E+00", CultureInfo.InvariantCulture) : "–";

    /// <summary>Seconds with millisecond resolution.</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    /// <summary>A whole number with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number as typed on a command line.</summary>
    public static string Plain(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
