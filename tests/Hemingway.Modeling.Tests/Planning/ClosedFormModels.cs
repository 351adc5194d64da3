using Hemingway.Modeling.Planning;

namespace Hemingway.Modeling.Tests.Planning;

/// <summary>
/// Algorithms whose convergence is exactly linear, ln g(i, m) = a − r(m)·i, with f(m) = c0 + c1/m + c2·m: the first i
/// with g ≤ ε is ⌈(a − ln ε) / r(m)⌉, so every answer can be worked out by hand.
/// <para>
/// alpha: a = −2, r = {1: 0.9, 2: 0.6, 4: 0.4, 8: 0.25}, f = 0.2 + 2/m + 0.02m = {2.22, 1.24, 0.78, 0.61}.
/// beta: a = −1, r = {1: 0.5, 2: 0.45, 4: 0.4, 8: 0.35}, f = 0.1 + 1.5/m + 0.05m = {1.65, 0.95, 0.675, 0.6875}.
/// </para>
/// </summary>
internal sealed record ClosedFormModel(string Name, double A, IReadOnlyDictionary<int, double> Rate, double C0, double C1, double C2)
{
    public static readonly int[] Machines = [1, 2, 4, 8];

    public static ClosedFormModel Alpha { get; } = new("alpha", -2, new Dictionary<int, double> { [1] = 0.9, [2] = 0.6, [4] = 0.4, [8] = 0.25 }, 0.2, 2, 0.02);

    public static ClosedFormModel Beta { get; } = new("beta", -1, new Dictionary<int, double> { [1] = 0.5, [2] = 0.45, [4] = 0.4, [8] = 0.35 }, 0.1, 1.5, 0.05);

    public double LogG(int iteration, int machines) => A - (Rate[machines] * iteration);

    public double F(int machines) => C0 + (C1 / machines) + (C2 * machines);

    /// <summary>⌈(a − ln ε + shift) / r(m)⌉: the first i with g(i, m)·e^(−shift) ≤ ε.</summary>
    public int IterationsToReach(double epsilon, int machines, double shift = 0) =>
        (int)Math.Ceiling((A - Math.Log(epsilon) + shift) / Rate[machines]);

    public AlgorithmModel ToModel(double log10Error = 0, double secondsRelativeError = 0) =>
        new(Name, LogG, F, log10Error, secondsRelativeError);

    public static AlgorithmModel[] Both(double log10Error = 0, double secondsRelativeError = 0) =>
        [Alpha.ToModel(log10Error, secondsRelativeError), Beta.ToModel(log10Error, secondsRelativeError)];

    public static ClosedFormModel Of(string name) => name == "alpha" ? Alpha : Beta;
}
