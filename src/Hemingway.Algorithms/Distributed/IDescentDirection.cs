namespace Hemingway.Algorithms.Distributed;

/// <summary>How a full-gradient method turns the gradient into a search direction, and where its line search starts.</summary>
internal interface IDescentDirection
{
    /// <summary>Writes the search direction p at a point with gradient g.</summary>
    void Compute(ReadOnlySpan<double> gradient, Span<double> direction);

    /// <summary>The first step length to try along p, given the last accepted one (0 before the first).</summary>
    double InitialStep(double lastAccepted, ReadOnlySpan<double> gradient);

    /// <summary>Learns from an accepted step s = w_new − w with gradient change y = g_new − g.</summary>
    void Update(ReadOnlySpan<double> step, ReadOnlySpan<double> gradientChange);

    /// <summary>Writes what the direction learned so far (L-BFGS's curvature pairs).</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    void Restore(BinaryReader reader);
}
