namespace Hemingway.Modeling.Planning;

/// <summary>Which of Ernest's leave-one-out relative errors becomes the system model's error σ_f in a plan's intervals.</summary>
public enum SystemErrorMeasure
{
    /// <summary>The median over the held-out points: a typical error, comparable to the convergence model's RMS error.</summary>
    Median,

    /// <summary>The largest over the held-out points: the widest, most cautious intervals.</summary>
    Max,
}
