namespace Hemingway.Modeling.SystemModel;

/// <summary>One measurement for Ernest's system model: the time of one iteration on some machines and data fraction.</summary>
/// <param name="Machines">Number of machines m (≥ 1).</param>
/// <param name="Fraction">Fraction s of the input data used (&gt; 0).</param>
/// <param name="Seconds">Measured seconds per iteration (&gt; 0).</param>
public sealed record ErnestPoint(int Machines, double Fraction, double Seconds);
