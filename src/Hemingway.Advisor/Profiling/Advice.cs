using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Planning;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Advisor.Profiling;

/// <summary>What profiling measured, the models fitted on it, and the plans they give.</summary>
/// <param name="Planning">The ranked plans, the recommendation, or why none meets the goal.</param>
/// <param name="Algorithms">Per algorithm: its measurements and models.</param>
/// <param name="BudgetSeconds">The cluster seconds profiling was allowed.</param>
/// <param name="SystemSeconds">Cluster seconds spent timing iterations for the system models.</param>
/// <param name="ConvergenceSeconds">Cluster seconds spent on the full-data runs for the convergence models.</param>
/// <param name="Steps">What the refinement extended, in order, as sentences.</param>
/// <param name="Measured">Plans whose profiling run itself reached the goal: their numbers are measured, not predicted.</param>
/// <param name="SystemSource">Where the system models' times come from (<see cref="ISystemTimer.Description"/>).</param>
public sealed record Advice(
    PlanningResult Planning,
    IReadOnlyList<AlgorithmProfile> Algorithms,
    double BudgetSeconds,
    double SystemSeconds,
    double ConvergenceSeconds,
    IReadOnlyList<string> Steps,
    IReadOnlySet<(string Algorithm, int Machines)> Measured,
    string SystemSource)
{
    /// <summary>All cluster seconds profiling spent.</summary>
    public double ProfilingSeconds => SystemSeconds + ConvergenceSeconds;
}

/// <summary>One algorithm's profile.</summary>
/// <param name="Algorithm">Its name.</param>
/// <param name="SystemPoints">The (m, fraction, seconds per iteration) measurements.</param>
/// <param name="System">Ernest's model fitted on them.</param>
/// <param name="Convergence">The convergence model, or null when it could not be fitted (see <paramref name="Problem"/>).</param>
/// <param name="Problem">Why there is no convergence model, or null.</param>
/// <param name="Runs">The full-data profiling runs: m and the sub-optimality and cluster seconds of every iteration.</param>
public sealed record AlgorithmProfile(
    string Algorithm,
    IReadOnlyList<ErnestPoint> SystemPoints,
    ErnestModel System,
    ConvergenceModel? Convergence,
    string? Problem,
    IReadOnlyList<ProfiledTrace> Runs);

/// <summary>A profiling run's trace.</summary>
/// <param name="Machines">m.</param>
/// <param name="Iterations">Iterations run.</param>
/// <param name="Suboptimality">P − P* at iterations 0..Iterations.</param>
/// <param name="Seconds">Cluster seconds at iterations 0..Iterations.</param>
public sealed record ProfiledTrace(int Machines, int Iterations, IReadOnlyList<double> Suboptimality, IReadOnlyList<double> Seconds)
{
    /// <summary>Iterations 1..<see cref="Iterations"/> as the convergence model's observations.</summary>
    public IEnumerable<ConvergenceObservation> Observations() =>
        Enumerable.Range(1, Iterations).Select(i => new ConvergenceObservation(Machines, i, Suboptimality[i], Seconds[i]));
}
