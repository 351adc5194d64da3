using System.Globalization;

namespace Hemingway.Algorithms.Distributed;

/// <summary>How algorithm parameters are written in traces and messages: short, culture-invariant.</summary>
internal static class AlgorithmText
{
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
