using Hemingway.Core.Losses;

namespace Hemingway.Algorithms.Distributed;

/// <summary>What the driver knows of the problem: its sizes and constants, never the data.</summary>
/// <param name="Rows">n.</param>
/// <param name="Dimension">d.</param>
/// <param name="Loss">The loss φ.</param>
/// <param name="Lambda">The regularisation λ.</param>
/// <param name="Workers">The number of workers m.</param>
public sealed record ProblemShape(int Rows, int Dimension, ILoss Loss, double Lambda, int Workers);
