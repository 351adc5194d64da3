namespace Hemingway.Engines;

/// <summary>The clocks and counters of a bulk-synchronous run at the end of an iteration, as a checkpoint keeps them.</summary>
/// <param name="WallSeconds">Real seconds of the iterations so far, excluding evaluations.</param>
/// <param name="SimulatedSeconds">The simulated cluster's clock; null on real engines.</param>
/// <param name="ComputeSeconds">The last iteration's slowest worker's compute time.</param>
/// <param name="Bytes">Bytes communicated so far.</param>
/// <param name="Phases">Phases run so far (a simulated cluster draws each phase's stragglers from its index).</param>
public sealed record RunClocks(double WallSeconds, double? SimulatedSeconds, double ComputeSeconds, long Bytes, int Phases)
{
    /// <summary>The clocks of a run that has not started.</summary>
    public static RunClocks Start { get; } = new(0, null, 0, 0, 0);
}
