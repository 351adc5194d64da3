namespace Hemingway.Algorithms.Sdca;

/// <summary>Settings of single-machine SDCA.</summary>
/// <param name="Seed">Fixes the visiting order of every epoch; the same seed gives the same run bit for bit.</param>
/// <param name="Shrinking">
/// Skip hinge-loss examples whose dual variable is settled at a bound (LIBLINEAR's shrinking). An epoch is then a pass
/// over the active examples. Off, every epoch visits every example, as CoCoA's local solver does.
/// </param>
/// <param name="EvaluationInterval">
/// P(w) and the gap are computed once the examples visited since the last evaluation hold this many times the
/// dataset's nonzeros: after every epoch without shrinking, after several short epochs with it. Counting work instead of
/// seconds keeps seeded runs reproducible.
/// </param>
public sealed record SdcaOptions(int Seed = 0, bool Shrinking = true, double EvaluationInterval = 1.0)
{
    /// <summary>The defaults.</summary>
    public static SdcaOptions Default { get; } = new();
}
