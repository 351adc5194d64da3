using System.Globalization;
using Hemingway.Core;

namespace Hemingway.Modeling.SystemModel;

/// <summary>
/// The options of Ernest's experiment design (its <c>expt_design.py</c>, with the same defaults): the range of data
/// partitions to sample from, the dataset's total partitions, the range of machines, the cores (slots) per machine,
/// the cost budget, and how many fractions to interpolate.
/// </summary>
public sealed record DesignOptions
{
    /// <summary>Fewest partitions of the input to use in an experiment (required).</summary>
    public required int MinParts { get; init; }

    /// <summary>Most partitions of the input to use in an experiment (required).</summary>
    public required int MaxParts { get; init; }

    /// <summary>Partitions of the whole dataset (required).</summary>
    public required int TotalParts { get; init; }

    /// <summary>Fewest machines to use (Ernest's default 1).</summary>
    public int MinMachines { get; init; } = 1;

    /// <summary>Most machines to use (Ernest's default 16).</summary>
    public int MaxMachines { get; init; } = 16;

    /// <summary>Cores or slots per machine: a candidate needs at least one partition per core (Ernest's default 2).</summary>
    public int CoresPerMachine { get; init; } = 2;

    /// <summary>The budget on Σ λᵢ (fractionᵢ / fraction_min) / machinesᵢ (Ernest's default 10).</summary>
    public double Budget { get; init; } = 10.0;

    /// <summary>Data fractions interpolated between min and max parts (Ernest's default 20).</summary>
    public int PartsInterpolate { get; init; } = 20;

    /// <summary>Points with a weight above this are chosen (Ernest's 0.3).</summary>
    public double SelectionThreshold { get; init; } = 0.3;

    /// <summary>Stop when the duality gap bound is below this fraction of the objective.</summary>
    public double RelativeTolerance { get; init; } = 1e-10;
}

/// <summary>A (machines, fraction) configuration the design may choose to measure.</summary>
/// <param name="Machines">Number of machines.</param>
/// <param name="Fraction">Fraction of the input data.</param>
/// <param name="Partitions">Partitions that fraction covers, ⌈fraction · total parts⌉ as Ernest prints it.</param>
/// <param name="Cost">Its cost in the budget constraint, (fraction / fraction_min) / machines.</param>
public sealed record DesignCandidate(int Machines, double Fraction, int Partitions, double Cost);

/// <summary>A chosen configuration and its weight λ in the optimal design.</summary>
/// <param name="Machines">Number of machines.</param>
/// <param name="Cores">Machines × cores per machine.</param>
/// <param name="Fraction">Fraction of the input data.</param>
/// <param name="Partitions">⌈fraction · total parts⌉.</param>
/// <param name="Weight">Its weight λ ∈ [0, 1].</param>
public sealed record DesignPoint(int Machines, int Cores, double Fraction, int Partitions, double Weight);

/// <summary>The solved design.</summary>
/// <param name="Options">The options it was solved for.</param>
/// <param name="Candidates">Every candidate configuration, in Ernest's order (fraction, then machines).</param>
/// <param name="Weights">The optimal weight of every candidate, aligned with <paramref name="Candidates"/>.</param>
/// <param name="Chosen">The candidates with weight above the threshold, heaviest first (ties in candidate order).</param>
/// <param name="Objective">trace((Σ λᵢ Fᵢ)⁻¹) at the solution.</param>
/// <param name="Cost">Σ λᵢ costᵢ at the solution (≤ the budget).</param>
/// <param name="GapBound">A bound on how far <paramref name="Objective"/> can be above the true minimum.</param>
/// <param name="NewtonSteps">Newton steps the interior point method took.</param>
public sealed record DesignResult(
    DesignOptions Options,
    IReadOnlyList<DesignCandidate> Candidates,
    IReadOnlyList<double> Weights,
    IReadOnlyList<DesignPoint> Chosen,
    double Objective,
    double Cost,
    double GapBound,
    int NewtonSteps);

/// <summary>
/// Ernest's A-optimal experiment design: which (machines, fraction) points to measure so that the NNLS fit of
/// <see cref="ErnestModel"/> is as precise as possible for a bounded cost. Candidates are the data fractions
/// linspace(min_parts, max_parts, k) / total_parts crossed with every machine count in range, keeping those with at
/// least one partition per core (round(fraction · total_parts) ≥ cores · machines). With features fᵢ = [1, s/m,
/// log m, m] divided by their column means over the candidates, gᵢ = D fᵢ and Fᵢ = gᵢ gᵢᵀ, it minimises
/// trace((Σ λᵢ Fᵢ)⁻¹) subject to 0 ≤ λᵢ ≤ 1 and Σ λᵢ (fractionᵢ / fraction_min) / machinesᵢ ≤ budget, by a
/// log-barrier interior point method, and chooses the points with λᵢ above 0.3.
/// </summary>
public static class ExperimentDesign
{
    /// <summary>The loosest certified relative accuracy of the objective a solution may have (else it is a failure).</summary>
    public const double MaxRelativeGap = 1e-6;

    /// <summary>The candidate configurations for <paramref name="options"/>, in Ernest's order.</summary>
    public static IReadOnlyList<DesignCandidate> Candidates(DesignOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var total = (double)options.TotalParts;
        var smallest = options.MinParts / total;
        var largest = options.MaxParts / total;
        var fractions = Linspace(smallest, largest, options.PartsInterpolate);
        var candidates = new List<DesignCandidate>();
        foreach (var fraction in fractions)
        {
            var partitions = Math.Round(fraction * total, MidpointRounding.ToEven);
            for (var machines = options.MinMachines; machines <= options.MaxMachines; machines++)
            {
                if (partitions >= (double)options.CoresPerMachine * machines)
                {
                    var cost = fraction / smallest / machines;
                    candidates.Add(new DesignCandidate(machines, fraction, (int)Math.Ceiling(fraction * total), cost));
                }
            }
        }

        return candidates;
    }

    /// <summary>Solves the design problem; bad options or a degenerate candidate set are a <see cref="HemingwayException"/>.</summary>
    public static DesignResult Solve(DesignOptions options)
    {
        var candidates = Candidates(options);
        if (candidates.Count == 0)
        {
            throw new HemingwayException(
                $"no candidate points: {options.MaxParts} partitions at most cannot give {options.CoresPerMachine} cores per machine " +
                $"a partition each even on {options.MinMachines} machine(s) (lower --cores-per-machine or --min-machines, or raise --max-parts)");
        }

        var d = ErnestModel.FeatureCount;
        var features = candidates.Select(c => ErnestModel.Features(c.Machines, c.Fraction)).ToArray();
        var means = new double[d];
        foreach (var f in features)
        {
            for (var j = 0; j < d; j++)
            {
                means[j] += f[j] / features.Length;
            }
        }

        var g = new double[candidates.Count, d];
        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = 0; j < d; j++)
            {
                g[i, j] = means[j] > 0 ? features[i][j] / means[j] : 0;
            }
        }

        var costs = candidates.Select(c => c.Cost).ToArray();
        var solution = means.All(m => m > 0)
            ? AOptimalDesign.Minimize(g, costs, options.Budget, options.RelativeTolerance)
            : null;
        if (solution is null)
        {
            var machines = candidates.Select(c => c.Machines).Distinct().Count();
            var fractions = candidates.Select(c => c.Fraction).Distinct().Count();
            throw new HemingwayException(
                $"the {candidates.Count} candidate points ({machines} machine count(s) × {fractions} fraction(s)) cannot determine " +
                $"the model's {d} coefficients ({string.Join(", ", ErnestModel.FeatureNames)}); widen the range of machines or partitions");
        }

        if (!(solution.GapBound <= MaxRelativeGap * solution.Objective))
        {
            throw new InvalidOperationException(
                $"the experiment design converged only to a gap of {solution.GapBound:G3} on an objective of {solution.Objective:G6}");
        }

        var weights = solution.Weights;
        var chosen = Enumerable.Range(0, candidates.Count)
            .Where(i => weights[i] > options.SelectionThreshold)
            .OrderByDescending(i => weights[i])
            .Select(i => new DesignPoint(
                candidates[i].Machines,
                candidates[i].Machines * options.CoresPerMachine,
                candidates[i].Fraction,
                candidates[i].Partitions,
                weights[i]))
            .ToArray();
        var cost = 0.0;
        for (var i = 0; i < candidates.Count; i++)
        {
            cost += costs[i] * weights[i];
        }

        return new DesignResult(options, candidates, weights, chosen, solution.Objective, cost, solution.GapBound, solution.NewtonSteps);
    }

    /// <summary>numpy.linspace(start, stop, count): start + k·step, the last value exactly stop.</summary>
    internal static double[] Linspace(double start, double stop, int count)
    {
        if (count == 1)
        {
            return [start];
        }

        var step = (stop - start) / (count - 1);
        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            values[k] = (k * step) + start;
        }

        values[^1] = stop;
        return values;
    }

    private static void Validate(DesignOptions options)
    {
        static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
        if (options.MinParts < 1)
        {
            throw new HemingwayException($"--min-parts must be at least 1, got {options.MinParts}");
        }

        if (options.MaxParts < options.MinParts)
        {
            throw new HemingwayException($"--max-parts ({options.MaxParts}) must be at least --min-parts ({options.MinParts})");
        }

        if (options.TotalParts < options.MaxParts)
        {
            throw new HemingwayException($"--total-parts ({options.TotalParts}) must be at least --max-parts ({options.MaxParts})");
        }

        if (options.MinMachines < 1)
        {
            throw new HemingwayException($"--min-machines must be at least 1, got {options.MinMachines}");
        }

        if (options.MaxMachines < options.MinMachines)
        {
            throw new HemingwayException($"--max-machines ({options.MaxMachines}) must be at least --min-machines ({options.MinMachines})");
        }

        if (options.MaxMachines > 100_000)
        {
            throw new HemingwayException($"--max-machines must be at most 100000, got {options.MaxMachines}");
        }

        if (options.CoresPerMachine < 1)
        {
            throw new HemingwayException($"--cores-per-machine must be at least 1, got {options.CoresPerMachine}");
        }

        if (!(options.Budget > 0) || !double.IsFinite(options.Budget))
        {
            throw new HemingwayException($"--budget must be a positive number, got {Text(options.Budget)}");
        }

        if (options.PartsInterpolate < 1 || options.PartsInterpolate > 10_000)
        {
            throw new HemingwayException($"--num-parts-interpolate must be between 1 and 10000, got {options.PartsInterpolate}");
        }

        if (!(options.SelectionThreshold >= 0 && options.SelectionThreshold < 1))
        {
            throw new HemingwayException($"the selection threshold must be in [0, 1), got {Text(options.SelectionThreshold)}");
        }

        if (!(options.RelativeTolerance > 0 && options.RelativeTolerance < 1))
        {
            throw new HemingwayException($"the relative tolerance must be in (0, 1), got {Text(options.RelativeTolerance)}");
        }
    }
}
