namespace Hemingway.Modeling.Convergence;

/// <summary>
/// One point of a convergence trace: the sub-optimality after some iterations on some machines, or, for a model of
/// another <see cref="ConvergenceTarget"/>, the duality gap or the test error.
/// </summary>
/// <param name="Machines">m.</param>
/// <param name="Iteration">i ≥ 1 (iteration 0, the starting point, carries no information about the rate).</param>
/// <param name="Suboptimality">P(w_i) − P* &gt; 0, or the value of the model's other target (the gap, the test error).</param>
/// <param name="Seconds">Time since the run started (simulated or wall), for time-ahead validation.</param>
public readonly record struct ConvergenceObservation(int Machines, int Iteration, double Suboptimality, double Seconds);
