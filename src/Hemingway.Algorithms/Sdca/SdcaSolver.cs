using System.Diagnostics;
using Hemingway.Core.Losses;
using Hemingway.Core.Numerics;
using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Sdca;

/// <summary>
/// Stochastic dual coordinate ascent on one machine (Shalev-Shwartz and Zhang, 2013): each epoch visits the examples
/// once in a fresh random order and maximises the dual exactly in one coordinate at a time, keeping
/// w = 1/(λn) Σ α_i x_i in step. For the hinge loss it shrinks settled examples out as LIBLINEAR does (see
/// <see cref="SdcaOptions.Shrinking"/>). P and D are evaluated from the same w, the gap as a sum of non-negative
/// Fenchel–Young terms, so it is never negative.
/// </summary>
public sealed class SdcaSolver
{
    private readonly RegularizedProblem _problem;
    private readonly SdcaOptions _options;

    /// <summary>A solver for <paramref name="problem"/> with the given options (the defaults when null).</summary>
    public SdcaSolver(RegularizedProblem problem, SdcaOptions? options = null)
    {
        _problem = problem;
        _options = options ?? SdcaOptions.Default;
    }

    /// <summary>A solver with default options and the given seed.</summary>
    public SdcaSolver(RegularizedProblem problem, int seed)
        : this(problem, new SdcaOptions(Seed: seed))
    {
    }

    /// <summary>Runs epochs from α = 0 until <paramref name="stop"/> says so.</summary>
    /// <param name="stop">When to stop; iterations are epochs.</param>
    /// <param name="onIteration">Called with iteration 0 and after every evaluated epoch.</param>
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
        var active = new ActiveSet(_problem.Rows);
        var shrinking = _options.Shrinking && _problem.Loss is HingeLoss;
        var random = new Random(_options.Seed);
        var evaluationWork = _options.EvaluationInterval * _problem.Data.Features.NonZeros;

        var record = Evaluate(0, 0, alpha, w, stop);
        onIteration?.Invoke(record);
        var algorithmTime = new Stopwatch();
        var reason = StopReason.IterationLimit;
        long workSinceEvaluation = 0;
        for (var epoch = 1; stop.MaxIterations > 0; epoch++)
        {
            if (cancellation.IsCancellationRequested)
            {
                if (workSinceEvaluation > 0)
                {
                    record = Evaluate(epoch - 1, algorithmTime.Elapsed.TotalSeconds, alpha, w, stop);
                    onIteration?.Invoke(record);
                }

                reason = StopReason.Cancelled;
                break;
            }

            algorithmTime.Start();
            random.Shuffle(active.Active);
            workSinceEvaluation += shrinking
                ? RunShrinkingEpoch(active, alpha, w)
                : DualCoordinateSteps.Run(_problem.Data, _problem.Loss, active.Active, alpha, w, 1, _problem.Lambda * _problem.Rows);
            algorithmTime.Stop();

            var seconds = algorithmTime.Elapsed.TotalSeconds;
            var due = workSinceEvaluation >= evaluationWork || epoch >= stop.MaxIterations ||
                (stop.TimeLimit is { } limit && seconds >= limit.TotalSeconds);
            if (!due)
            {
                continue;
            }

            workSinceEvaluation = 0;
            record = Evaluate(epoch, seconds, alpha, w, stop);
            onIteration?.Invoke(record);
            if (stop.Check(epoch, seconds, record.Primal, record.RelativeGap) is { } why)
            {
                reason = why;
                break;
            }
        }

        return new SolverResult(w, alpha, record, reason);
    }

    /// <summary>A hinge-loss pass over the active examples that drops the settled ones; returns the nonzeros visited.</summary>
    private long RunShrinkingEpoch(ActiveSet active, Span<double> alpha, Span<double> w)
    {
        var x = _problem.Data.Features;
        var labels = _problem.Data.Labels;
        var loss = _problem.Loss;
        var norms = x.RowSquaredNorms;
        var scale = 1.0 / (_problem.Lambda * _problem.Rows);
        long work = 0;
        active.BeginEpoch();
        for (var position = 0; position < active.Count;)
        {
            var i = active.Rows[position];
            var indices = x.RowIndices(i);
            var values = x.RowValues(i);
            work += indices.Length;
            var y = labels[i];
            var margin = SparseKernels.Dot(indices, values, w);
            if (active.TryShrink(position, alpha[i] * y, (y * margin) - 1))
            {
                continue;
            }

            var updated = loss.DualStep(y, alpha[i], margin, norms[i] * scale);
            var delta = updated - alpha[i];
            if (delta != 0)
            {
                alpha[i] = updated;
                SparseKernels.Axpy(delta * scale, indices, values, w);
            }

            position++;
        }

        active.EndEpoch();
        return work;
    }

    private IterationRecord Evaluate(int epoch, double seconds, double[] alpha, double[] w, StopCriteria stop)
    {
        var certificate = _problem.Certify(alpha, w);
        return new IterationRecord(epoch, seconds, certificate.Primal, certificate.Dual, certificate.Primal - stop.OptimalPrimal);
    }
}
