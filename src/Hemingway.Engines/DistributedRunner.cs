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

    /// <summary>Runs until <paramref name="stop"/> says so (a time limit uses the engine's clock).</summary>
    /// <param name="request">What to run.</param>
    /// <param name="stop">When to stop; iterations are rounds.</param>
    /// <param name="onIteration">Called with iteration 0 and after every iteration.</param>
    /// <param name="cancellation">Stops the run after the current iteration.</param>
    public RunOutcome Run(RunRequest request, StopCriteria stop, Action<TraceRow>? onIteration = null, CancellationToken cancellation = default)
    {
        Validate(request, stop);
        var session = new BspSession(request, _engine);

        var row = session.Evaluate(stop.OptimalPrimal);
        onIteration?.Invoke(row);
        var reason = StopReason.IterationLimit;
        while (stop.MaxIterations > 0)
        {
            if (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            session.Step();
            row = session.Evaluate(stop.OptimalPrimal);
            onIteration?.Invoke(row);
            var relativeGap = row.Gap is { } gap ? gap / Math.Abs(row.Primal) : double.NaN;
            if (stop.Check(row.Iteration, row.SimulatedSeconds ?? row.WallSeconds, row.Primal, relativeGap) is { } why)
            {
                reason = why;
                break;
            }
        }

        return new RunOutcome(session.Weights.ToArray(), row, reason);
    }
}
