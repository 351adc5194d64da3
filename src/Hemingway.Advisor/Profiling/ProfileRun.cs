using Hemingway.Engines;
using Hemingway.Engines.Traces;

namespace Hemingway.Advisor.Profiling;

/// <summary>
/// One profiling run kept alive: an algorithm on m machines (on all the data or a subsample) whose session can be
/// extended later, so profiling more of a promising plan costs only the new iterations. Every row it produces is
/// kept, and handed to <see cref="RowRecorded"/> (the trace store) as it completes.
/// </summary>
internal sealed class ProfileRun
{
    private readonly BspSession _session;
    private readonly double? _optimalPrimal;
    private readonly List<TraceRow> _rows = [];

    /// <summary>Starts the run: partitions the data, and evaluates iteration 0.</summary>
    public ProfileRun(string algorithm, int machines, double fraction, BspSession session, double? optimalPrimal, Action<TraceRow>? rowRecorded)
    {
        Algorithm = algorithm;
        Machines = machines;
        Fraction = fraction;
        _session = session;
        _optimalPrimal = optimalPrimal;
        RowRecorded = rowRecorded;
        Record(_session.Evaluate(_optimalPrimal));
    }

    /// <summary>The algorithm's name.</summary>
    public string Algorithm { get; }

    /// <summary>m.</summary>
    public int Machines { get; }

    /// <summary>The fraction of the rows the run uses.</summary>
    public double Fraction { get; }

    /// <summary>Where rows go as they complete (null: kept in memory only).</summary>
    public Action<TraceRow>? RowRecorded { get; }

    /// <summary>Every row so far, iteration 0 first.</summary>
    public IReadOnlyList<TraceRow> Rows => _rows;

    /// <summary>The last row.</summary>
    public TraceRow Last => _rows[^1];

    /// <summary>Iterations completed.</summary>
    public int Iterations => Last.Iteration;

    /// <summary>Cluster seconds spent so far: the simulated clock, or the wall clock on a real engine.</summary>
    public double Seconds => ClusterSeconds(Last);

    /// <summary>The first row with P − P* ≤ ε, or null.</summary>
    public TraceRow? FirstReaching(double epsilon) => _rows.FirstOrDefault(r => r.Suboptimality <= epsilon);

    /// <summary>Mean cluster seconds per iteration, or null before the first iteration.</summary>
    public double? SecondsPerIteration => Iterations == 0 ? null : Seconds / Iterations;

    /// <summary>
    /// Runs more iterations: until <paramref name="iterations"/> in all, until <paramref name="stop"/> says so for the
    /// latest row, or until the next iteration would likely overrun <paramref name="secondsAllowed"/> more seconds.
    /// Returns the cluster seconds it spent.
    /// </summary>
    public double Extend(int iterations, double secondsAllowed, Func<TraceRow, bool>? stop = null, CancellationToken cancellation = default)
    {
        var start = Seconds;
        while (Iterations < iterations && !cancellation.IsCancellationRequested)
        {
            var perIteration = SecondsPerIteration ?? 0;
            if (Seconds - start + perIteration > secondsAllowed && Iterations > 0)
            {
                break;
            }

            _session.Step();
            Record(_session.Evaluate(_optimalPrimal));
            if (stop?.Invoke(Last) == true)
            {
                break;
            }
        }

        return Seconds - start;
    }

    /// <summary>A row's cluster seconds: simulated where simulated, else wall.</summary>
    public static double ClusterSeconds(TraceRow row) => row.SimulatedSeconds ?? row.WallSeconds;

    private void Record(TraceRow row)
    {
        _rows.Add(row);
        RowRecorded?.Invoke(row);
    }
}
