using Hemingway.Algorithms.Optimum;
using Hemingway.Algorithms.Sdca;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Algorithms.Tests.Optimum;

public class HingeInteriorPointSolverTests
{
    private const double Target = OptimumOracle.RelativeGap;

    public static TheoryData<int, double> RandomCases => new()
    {
        { 1, 1e-2 },
        { 2, 1e-3 },
        { 3, 1e-4 },
        { 4, 1e-1 },
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Random_sparse_problems_are_certified_and_agree_with_a_long_sdca_run(int seed, double lambda)
    {
        var problem = new RegularizedProblem(RandomProblems.Sparse(300, 25, 0.3, seed), new HingeLoss(), lambda);
        var solution = new HingeInteriorPointSolver(problem).Solve(Target);
        var sdca = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 20_000, TargetRelativeGap: 1e-8));

        AssertCertified(problem, solution);
        AssertWithin(solution, sdca.Final);
    }

    [Fact]
    public void A_two_thousand_row_mnist_like_problem_is_certified_and_agrees_with_sdca()
    {
        var problem = new RegularizedProblem(SyntheticDigits.Create(2000, seed: 5), new HingeLoss(), 1e-3);
        var records = new List<IterationRecord>();
        var solution = new HingeInteriorPointSolver(problem).Solve(Target, records.Add);
        var sdca = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 300));

        AssertCertified(problem, solution);
        AssertWithin(solution, sdca.Final);

        // It gets there by interior-point iterations (AssertCertified checks the coordinate-descent fallback did not run).
        Assert.InRange(solution.InteriorPointIterations, 1, 80);
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.True(r.Dual <= r.Primal, $"iteration {r.Iteration}: D = {r.Dual:R} > P = {r.Primal:R}"));

        // Some examples sit strictly inside the box (support vectors on the margin), or the exact finish did nothing.
        var free = solution.DualVariables.Select((a, i) => a * problem.Data.Labels[i]).Count(b => b is > 0 and < 1);
        Assert.InRange(free, 1, problem.Dimension);
    }

    [Fact]
    public void A_separable_problem_is_certified_and_its_solution_separates_the_data()
    {
        // Two clusters far apart in the plane.
        var random = new Random(9);
        var rows = 60;
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = i % 2 == 0 ? 1 : -1;
            indices.AddRange([0, 1]);
            values.Add((float)((labels[i] * 3) + random.NextDouble() - 0.5));
            values.Add((float)((labels[i] * 2) + random.NextDouble() - 0.5));
            offsets[i + 1] = indices.Count;
        }

        var data = new Dataset("separable", new CsrMatrix(2, offsets, [.. indices], [.. values]), labels);
        var problem = new RegularizedProblem(data, new HingeLoss(), 1e-3);
        var solution = new HingeInteriorPointSolver(problem).Solve(Target);
        var sdca = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 20_000, TargetRelativeGap: 1e-9));

        AssertCertified(problem, solution);
        AssertWithin(solution, sdca.Final);
        for (var i = 0; i < rows; i++)
        {
            Assert.True(labels[i] * Dot(data, i, solution.Weights) > 0, $"example {i} is misclassified");
        }
    }

    [Fact]
    public void Duplicated_examples_reach_the_analytic_optimum()
    {
        // x_i = y_i in one dimension: w* = 1 (the kink) for λ < 1, so P* = λ/2, and every example is free with b_i = λ.
        // The free examples are copies of each other, which makes the exact finish's linear system singular.
        const int Rows = 40;
        const double Lambda = 0.05;
        var labels = Enumerable.Range(0, Rows).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var offsets = Enumerable.Range(0, Rows + 1).ToArray();
        var data = new Dataset(
            "duplicates", new CsrMatrix(1, offsets, new int[Rows], labels.Select(y => (float)y).ToArray()), labels);
        var problem = new RegularizedProblem(data, new HingeLoss(), Lambda);

        var solution = new HingeInteriorPointSolver(problem).Solve(Target);

        AssertCertified(problem, solution);
        Assert.Equal(Lambda / 2, solution.Primal, 1e-12);
        Assert.Equal(1.0, solution.Weights[0], 1e-9);
    }

    [Fact]
    public void Examples_without_features_end_at_the_upper_bound()
    {
        // An empty row has margin 0 whatever w is: its hinge is 1 and its dual variable must sit at b = 1.
        var source = RandomProblems.Sparse(200, 15, 0.3, 17);
        var offsets = new int[source.Rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (var i = 0; i < source.Rows; i++)
        {
            if (i % 10 != 3)
            {
                indices.AddRange(source.Features.RowIndices(i).ToArray());
                values.AddRange(source.Features.RowValues(i).ToArray());
            }

            offsets[i + 1] = indices.Count;
        }

        var data = new Dataset("with-empty-rows", new CsrMatrix(15, offsets, [.. indices], [.. values]), source.Labels);
        var problem = new RegularizedProblem(data, new HingeLoss(), 1e-2);
        var solution = new HingeInteriorPointSolver(problem).Solve(Target);
        var sdca = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 20_000, TargetRelativeGap: 1e-8));

        AssertCertified(problem, solution);
        AssertWithin(solution, sdca.Final);
        for (var i = 3; i < data.Rows; i += 10)
        {
            Assert.Equal(1.0, solution.DualVariables[i] * data.Labels[i]);
        }
    }

    [Fact]
    public void Supports_only_the_hinge_loss_up_to_the_dimension_limit()
    {
        var hinge = new RegularizedProblem(RandomProblems.Sparse(20, 5, 0.5, 1), new HingeLoss(), 0.1);
        var logistic = new RegularizedProblem(RandomProblems.Sparse(20, 5, 0.5, 1), new LogisticLoss(), 0.1);
        var wide = new RegularizedProblem(
            RandomProblems.Sparse(20, HingeInteriorPointSolver.MaxDimension + 1, 0.001, 1), new HingeLoss(), 0.1);

        Assert.True(HingeInteriorPointSolver.Supports(hinge));
        Assert.False(HingeInteriorPointSolver.Supports(logistic));
        Assert.False(HingeInteriorPointSolver.Supports(wide));
        Assert.Throws<HemingwayException>(() => new HingeInteriorPointSolver(logistic));
        Assert.Throws<HemingwayException>(() => new HingeInteriorPointSolver(wide));
    }

    [Fact]
    public void Single_and_multi_threaded_runs_agree()
    {
        var problem = new RegularizedProblem(SyntheticDigits.Create(600, seed: 2), new HingeLoss(), 1e-2);
        var one = new HingeInteriorPointSolver(problem, maxDegreeOfParallelism: 1).Solve(Target);
        var two = new HingeInteriorPointSolver(problem, maxDegreeOfParallelism: 2).Solve(Target);

        AssertCertified(problem, one);
        AssertCertified(problem, two);
        Assert.Equal(one.Primal, two.Primal, Target * one.Primal);
    }

    /// <summary>The solution's own numbers, recomputed here from α alone with the problem's code.</summary>
    private static void AssertCertified(RegularizedProblem problem, HingeSolution solution)
    {
        Assert.True(solution.RelativeGap <= Target, $"relative gap {solution.RelativeGap:E3}");
        Assert.Equal(0, solution.PolishEpochs);
        Assert.True(solution.Dual <= solution.Primal, $"D = {solution.Dual:R} > P = {solution.Primal:R}");

        for (var i = 0; i < problem.Rows; i++)
        {
            var b = solution.DualVariables[i] * problem.Data.Labels[i];
            Assert.InRange(b, 0.0, 1.0);
        }

        var w = new double[problem.Dimension];
        problem.PrimalFromDual(solution.DualVariables, w);
        Assert.Equal(w, solution.Weights);
        var primal = problem.Primal(w);
        var dual = problem.Dual(solution.DualVariables, w);
        Assert.Equal(primal, solution.Primal, 1e-14 * primal);
        Assert.True(primal - dual <= Target * primal, $"P − D from the definitions: {(primal - dual) / primal:E3} relative");
    }

    /// <summary>P* lies in [D, P] of both runs: the interior-point P within SDCA's bracket and vice versa.</summary>
    private static void AssertWithin(HingeSolution solution, IterationRecord sdca)
    {
        var slack = 1e-12 * Math.Abs(sdca.Primal);
        Assert.True(sdca.Dual <= solution.Primal + slack, $"SDCA's D = {sdca.Dual:R} exceeds P* = {solution.Primal:R}");
        Assert.True(solution.Primal <= sdca.Primal + slack, $"P* = {solution.Primal:R} exceeds SDCA's P = {sdca.Primal:R}");
        Assert.True(solution.Dual <= sdca.Primal + slack, $"D = {solution.Dual:R} exceeds SDCA's P = {sdca.Primal:R}");
    }

    private static double Dot(Dataset data, int row, double[] w)
    {
        double sum = 0;
        var indices = data.Features.RowIndices(row);
        var values = data.Features.RowValues(row);
        for (var k = 0; k < indices.Length; k++)
        {
            sum += values[k] * w[indices[k]];
        }

        return sum;
    }
}
