namespace Hemingway.Engines.Simulation;

/// <summary>
/// The simulated duration of one bulk-synchronous phase, split into the parts a trace or report shows.
/// <see cref="TotalSeconds"/> is their sum: the phases do not overlap in the model.
/// </summary>
/// <param name="Machines">m, the number of workers.</param>
/// <param name="OverheadSeconds">Framework overhead: the stage overhead plus the task overheads for m tasks.</param>
/// <param name="ComputeSeconds">The slowest worker's compute seconds, after the compute scale and its straggler
/// slowdown (if it straggled).</param>
/// <param name="CommunicationSeconds">Broadcast plus aggregation under the spec's topology; 0 when m = 1.</param>
/// <param name="Stragglers">How many workers straggled in this phase.</param>
public sealed record PhaseTime(
    int Machines,
    double OverheadSeconds,
    double ComputeSeconds,
    double CommunicationSeconds,
    int Stragglers)
{
    /// <summary>Overhead + compute + communication, in simulated seconds.</summary>
    public double TotalSeconds => OverheadSeconds + ComputeSeconds + CommunicationSeconds;
}
