using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Engines.Tests.Runs;

/// <summary>The test error of every iterate, against a plain loop over the test rows written here.</summary>
public class TestErrorTests
{
    /// <summary>The definition, one row at a time: sign(x·w) ≠ y with x·w = 0 predicting −1, or the squared error.</summary>
    private static double Reference(Dataset test, ReadOnlySpan<double> w, bool classification)
    {
        var sum = 0.0;
        for (var i = 0; i < test.Rows; i++)
        {
            var margin = 0.0;
            var indices = test.Features.RowIndices(i);
            var values = test.Features.RowValues(i);
            for (var k = 0; k < indices.Length; k++)
            {
                margin += values[k] * w[indices[k]];
            }

            sum += classification ? ((margin > 0 ? 1 : -1) == test.Labels[i] ? 0 : 1) : (margin - test.Labels[i]) * (margin - test.Labels[i]);
        }

        return sum / test.Rows;
    }

    [Theory]
    [InlineData("hinge")]
    [InlineData("logistic")]
    [InlineData("squared")]
    public void The_meter_agrees_with_the_definition_across_blocks_and_ties(string loss)
    {
        // 5 000 rows span three blocks; at density 0.1 a fifth of the rows are empty, so x·w = 0 exactly.
        var classification = loss != "squared";
        var test = RandomProblems.Sparse(5000, 15, 0.1, seed: 3, classification);
        var meter = new TestErrorMeter(test, LossCatalog.Parse(loss));
        var random = new Random(8);
        foreach (var scale in new[] { 0.0, 1.0, -2.0 })
        {
            var w = Enumerable.Range(0, 15).Select(_ => scale * (random.NextDouble() - 0.5)).ToArray();
            var expected = Reference(test, w, classification);
            Assert.Equal(expected, meter.Measure(w), 12);
            if (classification)
            {
                Assert.InRange(meter.Measure(w), 0, 1);
            }
        }

        // w = 0 predicts −1 everywhere: the error is the fraction of positive labels.
        if (classification)
        {
            Assert.Equal(test.Labels.Count(y => y > 0) / 5000.0, meter.Measure(new double[15]), 15);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Every_row_of_a_run_carries_the_test_error_of_its_iterate(int machines)
    {
        var problem = new RegularizedProblem(RandomProblems.Sparse(300, 15, 0.3, seed: 21), LossCatalog.Parse("hinge"), 0.01);
        var test = RandomProblems.Sparse(700, 15, 0.3, seed: 22);
        var session = new BspSession(new RunRequest(problem, new CoCoA(adding: true), machines, Seed: 4, TestData: test), new InProcessEngine());
        for (var iteration = 0; iteration <= 6; iteration++)
        {
            if (iteration > 0)
            {
                session.Step();
            }

            var row = session.Evaluate(optimalPrimal: null);
            Assert.Equal(Reference(test, session.Weights, classification: true), row.TestError!.Value, 12);
        }

        var without = new BspSession(new RunRequest(problem, new CoCoA(adding: true), machines, Seed: 4), new InProcessEngine());
        Assert.Null(without.Evaluate(null).TestError);
    }

    [Fact]
    public void Test_data_must_match_the_problem()
    {
        var problem = new RegularizedProblem(RandomProblems.Sparse(100, 15, 0.3, seed: 1), LossCatalog.Parse("hinge"), 0.01);
        var narrow = RandomProblems.Sparse(50, 12, 0.3, seed: 2);
        var error = Assert.Throws<HemingwayException>(() =>
            DistributedRunner.Validate(new RunRequest(problem, new CoCoA(adding: false), 2, TestData: narrow), new StopCriteria(MaxIterations: 3)));
        Assert.Contains("test data 'random-2' has 12 features but the training data has 15", error.Message, StringComparison.Ordinal);

        var real = RandomProblems.Sparse(50, 15, 0.3, seed: 2, classification: false);
        error = Assert.Throws<HemingwayException>(() =>
            DistributedRunner.Validate(new RunRequest(problem, new CoCoA(adding: false), 2, TestData: real), new StopCriteria(MaxIterations: 3)));
        Assert.Contains("labels other than ±1", error.Message, StringComparison.Ordinal);
    }
}
