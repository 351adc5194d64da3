using Hemingway.Modeling.Convergence;

namespace Hemingway.Modeling.Tests.Convergence;

/// <summary>
/// Convergence traces that follow CoCoA's bound exactly, P − P* = c₁ (1 − c₀/m)^i, with seeded multiplicative noise,
/// and a constant time per iteration per m: a law the model should learn and extrapolate in m.
/// </summary>
internal static class SyntheticTraces
{
    public const double C0 = 0.5;
    public const double C1 = 0.05;

    public static double TrueSuboptimality(int iteration, int machines) => C1 * Math.Pow(1 - (C0 / machines), iteration);

    public static List<ConvergenceObservation> Generate(int[] machines, int iterations, double noise = 0.0, int seed = 1)
    {
        var random = new Random(seed);
        var observations = new List<ConvergenceObservation>();
        foreach (var m in machines)
        {
            var secondsPerIteration = 0.1 + (0.5 / m) + (0.002 * m);
            for (var i = 1; i <= iterations; i++)
            {
                var factor = Math.Exp(noise * ((2 * random.NextDouble()) - 1));
                var subopt = TrueSuboptimality(i, m) * factor;
                if (subopt < 1e-12)
                {
                    break;
                }

                observations.Add(new ConvergenceObservation(m, i, subopt, i * secondsPerIteration));
            }
        }

        return observations;
    }
}
