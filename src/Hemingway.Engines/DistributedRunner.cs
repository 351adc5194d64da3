using System.Diagnostics.CodeAnalysis;
using Hemingway.Algorithms;
using Hemingway.Core;
using Hemingway.Engines.Traces;

namespace Hemingway.Engines;

/// <summary>
/// Runs a bulk-synchronous algorithm on an engine from start to stop, reporting a trace row for iteration 0 and for
/// every iteration after it (see <see cref="BspSession"/> for what an iteration does).
/// </summary>
public sealed class DistributedRunner
{
    private readonly IEngine _engine;

    /// <summary>A runner on <paramref name="engine"/>.</summary>
    public DistributedRunner(IEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Checks a request without running it, throwing a <see cref="HemingwayException"/> that says what is wrong.</summary>
    public static void Validate(RunRequest request, StopCriteria stop)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stop);
        request.Validate();
        stop.Validate();
        if (stop.TargetRelativeGap is not null && !request.Algorithm.HasDual)
        {
            throw new HemingwayException($"{request.Algorithm.Name} keeps no dual variables, so it has no duality gap to target; use --target-subopt");
        }
    }

    /// <summary>
    /// Runs until <paramref name="stop"/> says so (a time limit uses the engine's clock), from the start or from a
    /// checkpoint, saving checkpoints as it goes when asked.
    /// </summary>
    /// <param name="request">What to run.</param>
    /// <param name="stop">When to stop; iterations are rounds, counted from the start of the run also when resumed.</param>
    /// <param name="onIteration">
    /// Called with the starting point (iteration 0, or the checkpoint's iteration when resuming) and after every iteration.
    /// </param>
    /// <param name="cancellation">Stops the run after the current iteration.</param>
    /// <param name="resumeFrom">
    /// Continue this checkpoint (on <see cref="RunRequest.Machines"/> machines, which may differ from the checkpoint's;
    /// see <see cref="RunCheckpoint"/>). A resumed run that already meets <paramref name="stop"/> takes no step.
    /// </param>
    /// <param name="onCheckpoint">
    /// Called with a checkpoint after every iteration that is a multiple of <paramref name="checkpointEvery"/> (after its
    /// row), and after the last iteration when the run stops for any reason but divergence.
    /// </param>
    /// <param name="checkpointEvery">k ≥ 1 to save checkpoints every k iterations; 0 for none.</param>
    [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last", Justification = "Callers pass the first four positionally; the resume options extend them.")]
    public RunOutcome Run(
        RunRequest request,
        StopCriteria stop,
        Action<TraceRow>? onIteration = null,
        CancellationToken cancellation = default,
        RunCheckpoint? resumeFrom = null,
        Action<RunCheckpoint>? onCheckpoint = null,
        int checkpointEvery = 0)
    {
        Validate(request, stop);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointEvery);
        var session = new BspSession(request, _engine, resumeFrom);
        var saving = onCheckpoint is not null && checkpointEvery > 0;
        var lastSaved = session.Iteration;

        var row = session.Evaluate(stop.OptimalPrimal);
        onIteration?.Invoke(row);
        var reason = StopReason.IterationLimit;
        var done = stop.MaxIterations <= 0;
        if (resumeFrom is not null && Check(stop, row) is { } already)
        {
            // The checkpoint is where the run stopped, or past it.
            reason = already;
            done = true;
        }

        while (!done)
        {
            if (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            session.Step();
            row = session.Evaluate(stop.OptimalPrimal);
            onIteration?.Invoke(row);
            if (saving && session.Iteration % checkpointEvery == 0)
            {
                onCheckpoint!(session.Checkpoint());
                lastSaved = session.Iteration;
            }

            if (Check(stop, row) is { } why)
            {
                reason = why;
                break;
            }
        }

        if (saving && lastSaved != session.Iteration && reason != StopReason.Diverged)
        {
            onCheckpoint!(session.Checkpoint());
        }

        return new RunOutcome(session.Weights.ToArray(), row, reason);
    }

    private static StopReason? Check(StopCriteria stop, TraceRow row)
    {
        var relativeGap = row.Gap is { } gap ? gap / Math.Abs(row.Primal) : double.NaN;
        return stop.Check(row.Iteration, row.SimulatedSeconds ?? row.WallSeconds, row.Primal, relativeGap);
    }
}
