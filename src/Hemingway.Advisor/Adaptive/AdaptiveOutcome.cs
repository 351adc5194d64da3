namespace Hemingway.Advisor.Adaptive;

/// <summary>A change of the number of machines during an adaptive run.</summary>
/// <param name="Iteration">The iteration after which it happened.</param>
/// <param name="Seconds">Cluster seconds at that point.</param>
/// <param name="Suboptimality">P − P* at that point.</param>
/// <param name="FromMachines">m before.</param>
/// <param name="ToMachines">m after.</param>
/// <param name="Reason">The predictions that decided it.</param>
public sealed record MachineSwitch(int Iteration, double Seconds, double Suboptimality, int FromMachines, int ToMachines, string Reason);

/// <summary>How an adaptive run went.</summary>
/// <param name="Algorithm">The algorithm run.</param>
/// <param name="StartMachines">m at the start.</param>
/// <param name="ReachedGoal">True when P − P* ≤ ε was reached.</param>
/// <param name="Iterations">Iterations run.</param>
/// <param name="Seconds">Cluster seconds at the end (at ε when reached).</param>
/// <param name="Suboptimality">P − P* at the end.</param>
/// <param name="Frames">Frames run (re-plans made).</param>
/// <param name="Switches">Every change of m, in order.</param>
/// <param name="Trace">(iteration, cluster seconds, P − P*, m) of every iteration, iteration 0 first.</param>
/// <param name="RunIds">The trace store's run of every segment, one per m used, in order.</param>
public sealed record AdaptiveOutcome(
    string Algorithm,
    int StartMachines,
    bool ReachedGoal,
    int Iterations,
    double Seconds,
    double Suboptimality,
    int Frames,
    IReadOnlyList<MachineSwitch> Switches,
    IReadOnlyList<(int Iteration, double Seconds, double Suboptimality, int Machines)> Trace,
    IReadOnlyList<string> RunIds);
