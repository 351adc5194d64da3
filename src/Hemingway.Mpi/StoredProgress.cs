namespace Hemingway.Mpi;

/// <summary>What rank 0 reported stored of a run (rows and checkpoints), for the messages of a run that failed.</summary>
internal sealed class StoredProgress(MpiRunPlan plan)
{
    private Engines.Traces.TraceRow? _first;
    private int? _checkpoint;

    /// <summary>The last row stored, or null before the first.</summary>
    public Engines.Traces.TraceRow? Last { get; private set; }

    /// <summary>A row is stored.</summary>
    public void Row(Engines.Traces.TraceRow row)
    {
        _first ??= row;
        Last = row;
    }

    /// <summary>A checkpoint after <paramref name="iteration"/> is stored.</summary>
    public void Checkpoint(int iteration) => _checkpoint = iteration;

    /// <summary>"run X in FILE keeps its iterations 0 to 57 and a checkpoint at iteration 50: continue it with …".</summary>
    public string Describe()
    {
        var run = plan.Info.RunId;
        if (Last is null)
        {
            return $"nothing of run {run} was stored";
        }

        var kept = $"run {run} in {plan.StorePath} keeps its iterations {_first!.Iteration} to {Last.Iteration}";
        return _checkpoint is { } at
            ? $"{kept} and a checkpoint at iteration {at}: continue it with hemingway run --resume {run} --store {plan.StorePath}"
            : $"{kept} (no checkpoint)";
    }
}
