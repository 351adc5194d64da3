namespace Hemingway.Algorithms;

/// <summary>Why a solver stopped; also what a trace records for a finished run.</summary>
public enum StopReason
{
    /// <summary>P(w) − P* fell to the target sub-optimality.</summary>
    TargetSuboptimality,

    /// <summary>The relative duality gap fell to its target.</summary>
    TargetGap,

    /// <summary>The iteration (epoch or round) limit was reached first.</summary>
    IterationLimit,

    /// <summary>The time limit was reached first.</summary>
    TimeLimit,

    /// <summary>The objective became non-finite.</summary>
    Diverged,

    /// <summary>The caller cancelled the run.</summary>
    Cancelled,
}
