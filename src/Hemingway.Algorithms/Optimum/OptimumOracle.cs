using System.Globalization;
using System.Text.Json;
using Hemingway.Algorithms.Sdca;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Optimum;

/// <summary>
/// Knows P* for a (dataset, loss, λ): solves it once to a relative duality gap of 1e-10 and keeps the answer in a JSON
/// file per problem, keyed by the dataset's content hash, so every later run can report P(w) − P* for free.
/// The smooth losses are solved with SDCA, which converges linearly on them. The hinge loss is solved with
/// <see cref="HingeInteriorPointSolver"/> (an interior-point method with an exact active-set finish), because SDCA's
/// gap on its non-smooth primal closes far too slowly; that solver factors a dense d×d matrix, so for
/// d &gt; <see cref="HingeInteriorPointSolver.MaxDimension"/> the hinge loss falls back to SDCA as well.
/// </summary>
public sealed class OptimumOracle
{
    /// <summary>The relative duality gap the optimum is solved to.</summary>
    public const double RelativeGap = 1e-10;

    // Hinge-loss SDCA converges linearly but can be slow for tiny λ; this bounds a pathological solve.
    private const int MaxEpochs = 100_000;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly string _directory;

    /// <summary>An oracle caching in <paramref name="directory"/> (created when first needed).</summary>
    public OptimumOracle(string directory)
    {
        _directory = directory;
    }

    /// <summary>An oracle caching in <see cref="HemingwayPaths.OptimumDirectory"/>.</summary>
    public OptimumOracle()
        : this(HemingwayPaths.OptimumDirectory)
    {
    }

    /// <summary>The cache file that holds (or will hold) the optimum of <paramref name="problem"/>.</summary>
    public string CachePath(RegularizedProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var lambda = problem.Lambda.ToString("R", CultureInfo.InvariantCulture);
        return Path.Combine(_directory, $"{DatasetFingerprint.Compute(problem.Data)}-{problem.Loss.Name}-{lambda}.json");
    }

    /// <summary>True when the optimum is already cached.</summary>
    public bool IsCached(RegularizedProblem problem) => TryRead(CachePath(problem)) is not null;

    /// <summary>P* from the cache, or solved now and cached.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="onEpoch">Progress of a fresh solve (not called on a cache hit).</param>
    public Optimum GetOrSolve(RegularizedProblem problem, Action<IterationRecord>? onEpoch = null)
    {
        var path = CachePath(problem);
        if (TryRead(path) is { } cached)
        {
            return cached;
        }

        var optimum = Solve(problem, onEpoch);
        Write(path, optimum);
        return optimum;
    }

    /// <summary>Solves for P* without touching the cache.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="onEpoch">Progress: called after every SDCA epoch, or every interior-point iteration for the hinge loss.</param>
    public static Optimum Solve(RegularizedProblem problem, Action<IterationRecord>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (HingeInteriorPointSolver.Supports(problem))
        {
            // Certified by the problem's own P and D at α and w(α); throws when it cannot reach the gap.
            var hinge = new HingeInteriorPointSolver(problem).Solve(RelativeGap, onEpoch);
            return new Optimum(hinge.Primal, hinge.Dual, hinge.InteriorPointIterations, hinge.Seconds);
        }

        var stop = new StopCriteria(MaxIterations: MaxEpochs, TargetRelativeGap: RelativeGap);
        var result = new SdcaSolver(problem).Solve(stop, onEpoch);
        if (result.Reason != StopReason.TargetGap)
        {
            throw new HemingwayException(
                $"{problem.Data.Name}: could not solve for the optimum ({problem.Loss.Name}, λ = {problem.Lambda.ToString("G6", CultureInfo.InvariantCulture)}) " +
                $"to a relative gap of {RelativeGap:G2} in {result.Final.Iteration} epochs: stopped by {result.Reason}, gap {result.Final.RelativeGap:G3}");
        }

        // The incrementally updated w drifts from w(α) by rounding over many epochs; certify with w(α) recomputed.
        var w = new double[problem.Dimension];
        problem.PrimalFromDual(result.DualVariables, w);
        var primal = Math.Min(problem.Primal(w), result.Final.Primal);
        var dual = problem.Dual(result.DualVariables, w);
        return new Optimum(primal, dual, result.Final.Iteration, result.Final.Seconds);
    }

    private static Optimum? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Optimum>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException)
        {
            // A damaged cache entry is recomputed rather than trusted.
            return null;
        }
    }

    private static void Write(string path, Optimum optimum)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Write then rename, so a run killed mid-write never leaves a half-written optimum behind.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(optimum, JsonOptions));
        File.Move(temporary, path, overwrite: true);
    }
}
