using System.Diagnostics;
using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Sdca;

/// <summary>
/// Stochastic dual coordinate ascent on one machine (Shalev-Shwartz and Zhang, 2013): each epoch visits every
/// example once in a fresh random order and maximises the dual exactly in that one coordinate, keeping
/// w = 1/(λn) Σ α_i x_i in step. P and D are evaluated after every epoch from the same w, the gap as a sum of
/// non-negative Fenchel–Young terms, so it is never negative.
/// </summary>
public sealed class SdcaSolver
{
    private readonly RegularizedProblem _problem;
    private readonly int _seed;

    /// <summary>A solver for <paramref name="problem"/>; the seed fixes the visiting order of every epoch.</summary>
    public SdcaSolver(RegularizedProblem problem, int seed = 0)
    {
        _problem = problem;
        _seed = seed;
    }

    /// <summary>Runs epochs from α = 0 until <paramref name="stop"/> says so.</summary>
    /// <param name="stop">When to stop.</param>
    /// <param name="onIteration">Called with iteration 0 and after every epoch.</param>
    /// <param name="cancellation">Stops the run after the current epoch.</param>
    public SolverResult Solve(StopCriteria stop, Action<IterationRecord>? onIteration = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(stop);
        stop.Validate();
        if (stop.TargetSuboptimality is not null && stop.OptimalPrimal is null)
        {
            throw new ArgumentException("a target sub-optimality needs the optimum P*", nameof(stop));
        }

        var alpha = _problem.InitialDual();
        var w = new double[_problem.Dimension];
        var order = new int[_problem.Rows];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new Random(_seed);
        var record = Evaluate(0, 0, alpha, w, stop);
        onIteration?.Invoke(record);
        var algorithmTime = new Stopwatch();
        var reason = StopReason.IterationLimit;
        for (var epoch = 1; stop.MaxIterations > 0; epoch++)
        {
            if (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            algorithmTime.Start();
            random.Shuffle(order);
            RunEpoch(order, alpha, w);
            algorithmTime.Stop();

            record = Evaluate(epoch, algorithmTime.Elapsed.TotalSeconds, alpha, w, stop);
            onIteration?.Invoke(record);
            if (stop.Check(epoch, record.Seconds, record.Primal, record.RelativeGap) is { } why)
            {
                reason = why;
                break;
            }
        }

        return new SolverResult(w, alpha, record, reason);
    }

    /// <summary>One pass of exact coordinate steps over the examples in <paramref name="order"/>.</summary>
    private void RunEpoch(ReadOnlySpan<int> order, Span<double> alpha, Span<double> w)
    {
        var x = _problem.Data.Features;
        var labels = _problem.Data.Labels;
        var loss = _problem.Loss;
        var norms = x.RowSquaredNorms;
        var scale = 1.0 / (_problem.Lambda * _problem.Rows);
        foreach (var i in order)
        {
            var indices = x.RowIndices(i);
            var values = x.RowValues(i);
            var margin = SparseKernels.Dot(indices, values, w);
            var updated = loss.DualStep(labels[i], alpha[i], margin, norms[i] * scale);
            var delta = updated - alpha[i];
            if (delta != 0)
            {
                alpha[i] = updated;
                SparseKernels.Axpy(delta * scale, indices, values, w);
            }
        }
    }

    private IterationRecord Evaluate(int epoch, double seconds, double[] alpha, double[] w, StopCriteria stop)
    {
        var certificate = _problem.Certify(alpha, w);
        return new IterationRecord(epoch, seconds, certificate.Primal, certificate.Dual, certificate.Primal - stop.OptimalPrimal);
    }
}
