using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Core.Tests.Objectives;

public class RegularizedProblemTests
{
    [Theory]
    [InlineData("logistic")]
    [InlineData("squared")]
    public void Gradient_matches_finite_differences_of_the_primal(string lossName)
    {
        var data = RandomProblems.Sparse(50, 8, 0.5, seed: 4, classification: lossName != "squared");
        var problem = new RegularizedProblem(data, LossCatalog.Parse(lossName), 0.05);
        var random = new Random(5);
        var w = Enumerable.Range(0, 8).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[8];
        problem.Gradient(w, gradient);
        for (var j = 0; j < 8; j++)
        {
            const double h = 1e-6;
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[j] += h;
            minus[j] -= h;
            Assert.Equal((problem.Primal(plus) - problem.Primal(minus)) / (2 * h), gradient[j], 1e-7);
        }
    }

    [Theory]
    [InlineData("hinge")]
    [InlineData("logistic")]
    [InlineData("squared")]
    public void Objectives_match_their_formulas_and_the_dual_is_below_the_primal(string lossName)
    {
        var data = RandomProblems.Sparse(40, 6, 0.6, seed: 6, classification: lossName != "squared");
        var loss = LossCatalog.Parse(lossName);
        const double lambda = 0.1;
        var problem = new RegularizedProblem(data, loss, lambda);
        var random = new Random(7);
        for (var trial = 0; trial < 20; trial++)
        {
            // A random feasible dual point (b = αy ∈ (0, 1)) and its primal image.
            var alpha = data.Labels.Select(y => y * random.NextDouble()).ToArray();
            var w = new double[6];
            problem.PrimalFromDual(alpha, w);

            // The same quantities written out naively from their definitions, with a dense X.
            var n = data.Rows;
            var dense = new double[n, 6];
            for (var i = 0; i < n; i++)
            {
                var idx = data.Features.RowIndices(i);
                var val = data.Features.RowValues(i);
                for (var k = 0; k < idx.Length; k++)
                {
                    dense[i, idx[k]] = val[k];
                }
            }

            var wNaive = new double[6];
            for (var j = 0; j < 6; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    wNaive[j] += alpha[i] * dense[i, j] / (lambda * n);
                }
            }

            double norm = wNaive.Sum(v => v * v), risk = 0, conjugate = 0;
            for (var i = 0; i < n; i++)
            {
                double margin = 0;
                for (var j = 0; j < 6; j++)
                {
                    margin += dense[i, j] * wNaive[j];
                }

                risk += loss.Value(data.Labels[i], margin);
                conjugate += loss.DualValue(data.Labels[i], alpha[i]);
            }

            var primal = (risk / n) + (lambda / 2 * norm);
            var dual = (conjugate / n) - (lambda / 2 * norm);
            Assert.Equal(wNaive, w, (a, b) => Math.Abs(a - b) < 1e-12);
            Assert.Equal(primal, problem.Primal(w), 1e-12);
            Assert.Equal(dual, problem.Dual(alpha, w), 1e-12);
            Assert.True(problem.Dual(alpha, w) <= problem.Primal(w));
        }
    }

    [Fact]
    public void Rejects_a_non_positive_lambda_and_non_binary_labels_for_classification()
    {
        var data = RandomProblems.Sparse(10, 3, 0.5, seed: 8, classification: false);
        Assert.Contains("lambda", Assert.Throws<HemingwayException>(() => new RegularizedProblem(data, new SquaredLoss(), 0)).Message, StringComparison.Ordinal);
        Assert.Contains("±1", Assert.Throws<HemingwayException>(() => new RegularizedProblem(data, new HingeLoss(), 0.1)).Message, StringComparison.Ordinal);
    }
}
