namespace Hemingway.Engines;

/// <summary>Per-worker measurements of one phase, reused from phase to phase so a round allocates nothing.</summary>
public sealed class PhaseStats
{
    /// <summary>Buffers for <paramref name="workers"/> workers.</summary>
    public PhaseStats(int workers)
    {
        ComputeSeconds = new double[workers];
        Work = new long[workers];
    }

    /// <summary>Each worker's local-step time in seconds.</summary>
    public double[] ComputeSeconds { get; }

    /// <summary>Each worker's work in nonzeros touched.</summary>
    public long[] Work { get; }

    /// <summary>The slowest worker's compute time.</summary>
    public double MaxComputeSeconds => ComputeSeconds.Max();
}
