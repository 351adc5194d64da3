using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Objectives;

namespace Hemingway.Engines;

/// <summary>What to run: an algorithm on a problem, split over some machines.</summary>
/// <param name="Problem">The data, loss and λ.</param>
/// <param name="Algorithm">The distributed algorithm.</param>
/// <param name="Machines">m, the number of workers (1 ≤ m ≤ n).</param>
/// <param name="Seed">Seeds the partition and every worker's random stream.</param>
public sealed record RunRequest(RegularizedProblem Problem, IDistributedAlgorithm Algorithm, int Machines, int Seed = 0)
{
    /// <summary>Throws a <see cref="HemingwayException"/> saying what is wrong with the request, if anything.</summary>
    public void Validate()
    {
        var rows = Problem.Rows;
        if (Machines < 1 || Machines > rows)
        {
            throw new HemingwayException($"machines must be between 1 and the number of rows ({rows}), got {Machines}");
        }

        Algorithm.CheckLoss(Problem.Loss);
    }
}
