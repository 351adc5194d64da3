using System.Globalization;
using Hemingway.Core;
using Hemingway.Core.Losses;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// CoCoA (Jaggi et al., 2014) and CoCoA+ (Ma et al., 2015): every round, each worker runs H exact dual coordinate
/// steps on its shard against its local view of w, then the driver combines the workers' changes. CoCoA averages them
/// (w += β/m Σ Δw_k, σ' = 1); CoCoA+ adds them (w += γ Σ Δw_k) and makes each local subproblem σ' = γm times more
/// conservative so the sum stays safe. Each worker's dual variables α_[k] get the same combination, so w = w(α).
/// </summary>
public sealed class CoCoA : IDistributedAlgorithm
{
    private readonly bool _adding;
    private readonly double _localIterationFraction;
    private readonly double _combination;

    /// <summary>CoCoA (<paramref name="adding"/> false) or CoCoA+ (true).</summary>
    /// <param name="adding">Add the workers' changes (CoCoA+) instead of averaging them (CoCoA).</param>
    /// <param name="localIterationFraction">H as a fraction of the shard's rows: 1 is one local pass per round.</param>
    /// <param name="combination">β for CoCoA (changes scaled by β/m), γ for CoCoA+ (scaled by γ); 1 in the papers.</param>
    public CoCoA(bool adding, double localIterationFraction = 1.0, double combination = 1.0)
    {
        if (!(localIterationFraction > 0) || double.IsInfinity(localIterationFraction))
        {
            throw new HemingwayException($"the local iteration fraction must be > 0, got {Format(localIterationFraction)}");
        }

        if (!(combination > 0 && combination <= 1))
        {
            throw new HemingwayException($"{(adding ? "gamma" : "beta")} must be in (0, 1], got {Format(combination)}");
        }

        _adding = adding;
        _localIterationFraction = localIterationFraction;
        _combination = combination;
    }

    /// <inheritdoc/>
    public string Name => _adding ? "cocoa+" : "cocoa";

    /// <inheritdoc/>
    public string Parameters => $"H={Format(_localIterationFraction)}n_k,{(_adding ? "gamma" : "beta")}={Format(_combination)}";

    /// <inheritdoc/>
    public bool HasDual => true;

    /// <inheritdoc/>
    public void CheckLoss(ILoss loss)
    {
        // Every loss here has an exact dual coordinate step.
    }

    /// <inheritdoc/>
    public IDriver CreateDriver(ProblemShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new AdditiveDriver(shape.Dimension, Scale(shape.Workers));
    }

    /// <inheritdoc/>
    public IWorker CreateWorker(Shard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var sigma = _adding ? _combination * shard.Workers : 1.0;
        var steps = (int)Math.Max(1, Math.Round(_localIterationFraction * shard.Data.Rows, MidpointRounding.AwayFromZero));
        return new CoCoAWorker(shard, sigma, steps, Scale(shard.Workers));
    }

    /// <summary>How the sum of the workers' changes is scaled: β/m for averaging, γ for adding.</summary>
    private double Scale(int workers) => _adding ? _combination : _combination / workers;

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
