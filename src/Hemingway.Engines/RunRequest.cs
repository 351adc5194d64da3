using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Objectives;

namespace Hemingway.Engines;

/// <summary>What to run: an algorithm on a problem, split over some machines.</summary>
/// <param name="Problem">The data, loss and λ.</param>
/// <param name="Algorithm">The distributed algorithm.</param>
/// <param name="Machines">m, the number of workers (1 ≤ m ≤ n).</param>
/// <param name="Seed">Seeds the partition and every worker's random stream.</param>
/// <param name="TestData">
/// A held-out test set, of the problem's dimension, on which every iterate's test error is measured (see
/// <see cref="TestErrorMeter"/>); null for none.
/// </param>
public sealed record RunRequest(RegularizedProblem Problem, IDistributedAlgorithm Algorithm, int Machines, int Seed = 0, Dataset? TestData = null)
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
        if (TestData is { } test && test.Dimension != Problem.Dimension)
        {
            throw new HemingwayException(
                $"test data '{test.Name}' has {test.Dimension} features but the training data has {Problem.Dimension}; they must match (fix both with --features d)");
        }

        if (TestData is { } labelled && Problem.Loss.IsClassification && !labelled.IsBinary)
        {
            throw new HemingwayException($"test data '{labelled.Name}' has labels other than ±1, but the {Problem.Loss.Name} loss classifies");
        }
    }
}
