namespace Hemingway.Modeling.Planning;

/// <summary>
/// ln g(i, m): the natural log of the predicted sub-optimality P − P* after <paramref name="iteration"/> iterations on
/// <paramref name="machines"/> machines. A fitted <see cref="Convergence.ConvergenceModel"/> is one; a closed-form curve
/// such as ln g = a − r(m)·i is another, whose answers are known exactly. The planner asks for i ≥ 1 only.
/// </summary>
/// <param name="iteration">i ≥ 1.</param>
/// <param name="machines">m ≥ 1.</param>
public delegate double LogSuboptimalityCurve(int iteration, int machines);
