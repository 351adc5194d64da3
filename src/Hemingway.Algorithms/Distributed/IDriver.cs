namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// The driver of a bulk-synchronous algorithm. Each phase: the engine sends <see cref="Broadcast"/> to every worker,
/// sums their messages and hands the sum to <see cref="Apply"/>. An iteration is one or more phases (line searches
/// take several); <see cref="Apply"/> says when one is complete.
/// </summary>
public interface IDriver
{
    /// <summary>What every worker receives in the coming phase.</summary>
    ReadOnlySpan<double> Broadcast { get; }

    /// <summary>How many values each worker sends back in the coming phase.</summary>
    int MessageLength { get; }

    /// <summary>The current model w.</summary>
    ReadOnlySpan<double> Weights { get; }

    /// <summary>Applies the sum of the workers' messages; true when this completed an iteration.</summary>
    bool Apply(ReadOnlySpan<double> sum);

    /// <summary>
    /// Writes everything the driver keeps between iterations except w (which a checkpoint keeps on its own): step
    /// counters, line-search position, curvature pairs. Called between iterations only. None of it depends on the
    /// number of workers, so it restores on any m.
    /// </summary>
    void Save(BinaryWriter writer);

    /// <summary>Continues from <paramref name="weights"/> and what <see cref="Save"/> wrote, on a driver just created.</summary>
    /// <exception cref="InvalidDataException">The bytes were not written by this kind of driver.</exception>
    void Restore(ReadOnlySpan<double> weights, BinaryReader reader);
}
