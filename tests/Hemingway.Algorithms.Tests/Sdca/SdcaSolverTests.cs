using Hemingway.Algorithms.Sdca;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Algorithms.Tests.Sdca;

public class SdcaSolverTests
{
    public static TheoryData<string> Losses => new() { "hinge", "logistic", "squared" };

    private static RegularizedProblem Problem(string loss, int seed = 11) =>
        new(RandomProblems.Sparse(300, 20, 0.3, seed, classification: loss != "squared"), LossCatalog.Parse(loss), 0.01);

    [Theory]
    [MemberData(nameof(Losses))]
    public void Dual_never_exceeds_primal_and_the_reported_gap_is_the_formula_gap(string loss)
    {
        var problem = Problem(loss);
        var records = new List<IterationRecord>();
        var result = new SdcaSolver(problem, new SdcaOptions(Seed: 3, Shrinking: false)).Solve(new StopCriteria(MaxIterations: 40), records.Add);

        Assert.Equal(41, records.Count);
        Assert.All(records, r => Assert.True(r.Dual <= r.Primal, $"iteration {r.Iteration}: D = {r.Dual:R} > P = {r.Primal:R}"));

        // Recompute w(α) from scratch and both objectives from their definitions.
        var w = new double[problem.Dimension];
        problem.PrimalFromDual(result.DualVariables, w);
        Assert.Equal(w, result.Weights, (a, b) => Math.Abs(a - b) <= 1e-10 * (1 + Math.Abs(a)));
        Assert.Equal(problem.Primal(w), result.Final.Primal, 1e-10);
        Assert.Equal(problem.Dual(result.DualVariables, w), result.Final.Dual, 1e-10);
        Assert.Equal(result.Final.Primal - result.Final.Dual, result.Final.Gap, 1e-15);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void The_dual_objective_never_decreases(string loss)
    {
        // Every coordinate step is an exact maximisation, so D(α) is monotone.
        var records = new List<IterationRecord>();
        new SdcaSolver(Problem(loss), seed: 4).Solve(new StopCriteria(MaxIterations: 30), records.Add);
        for (var k = 1; k < records.Count; k++)
        {
            Assert.True(records[k].Dual >= records[k - 1].Dual - 1e-14, $"D fell at iteration {k}");
        }
    }

    [Fact]
    public void Shrinking_reaches_the_same_optimum_and_skips_settled_examples()
    {
        var problem = Problem("hinge", seed: 13);
        var stop = new StopCriteria(MaxIterations: 100_000, TargetRelativeGap: 1e-9);
        var plain = new SdcaSolver(problem, new SdcaOptions(Shrinking: false)).Solve(stop);
        var recordsWithShrinking = new List<IterationRecord>();
        var shrunk = new SdcaSolver(problem, new SdcaOptions(Shrinking: true)).Solve(stop, recordsWithShrinking.Add);

        Assert.Equal(StopReason.TargetGap, plain.Reason);
        Assert.Equal(StopReason.TargetGap, shrunk.Reason);
        Assert.Equal(plain.Final.Primal, shrunk.Final.Primal, 1e-9 * plain.Final.Primal);

        // Evaluations come after a full dataset's worth of work, so shrunk epochs outnumber evaluations.
        Assert.True(shrunk.Final.Iteration > recordsWithShrinking.Count, "no epoch was shortened by shrinking");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Seeded_runs_reproduce_bit_for_bit_and_other_seeds_differ(bool shrinking)
    {
        var problem = Problem("hinge");
        var first = new SdcaSolver(problem, new SdcaOptions(Seed: 7, Shrinking: shrinking)).Solve(new StopCriteria(MaxIterations: 15));
        var again = new SdcaSolver(problem, new SdcaOptions(Seed: 7, Shrinking: shrinking)).Solve(new StopCriteria(MaxIterations: 15));
        var other = new SdcaSolver(problem, new SdcaOptions(Seed: 8, Shrinking: shrinking)).Solve(new StopCriteria(MaxIterations: 15));

        Assert.Equal(first.Weights.Select(BitConverter.DoubleToInt64Bits), again.Weights.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(first.DualVariables.Select(BitConverter.DoubleToInt64Bits), again.DualVariables.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.Final.Primal), BitConverter.DoubleToInt64Bits(again.Final.Primal));
        Assert.NotEqual(first.Weights, other.Weights);
    }

    [Fact]
    public void Stops_for_the_first_criterion_met_and_says_which()
    {
        var problem = Problem("logistic");
        Assert.Equal(StopReason.IterationLimit, new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 3)).Reason);

        var gap = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 10_000, TargetRelativeGap: 1e-8));
        Assert.Equal(StopReason.TargetGap, gap.Reason);
        Assert.True(gap.Final.RelativeGap <= 1e-8);

        var optimum = gap.Final.Primal;
        var subopt = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 10_000, TargetSuboptimality: 1e-3, OptimalPrimal: optimum));
        Assert.Equal(StopReason.TargetSuboptimality, subopt.Reason);
        Assert.True(subopt.Final.Suboptimality <= 1e-3);
        Assert.True(subopt.Final.Iteration < gap.Final.Iteration);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Equal(StopReason.Cancelled, new SdcaSolver(problem).Solve(new StopCriteria(), cancellation: cancelled.Token).Reason);
    }

    [Fact]
    public void Squared_loss_reaches_the_closed_form_ridge_solution()
    {
        var data = RandomProblems.Sparse(200, 10, 0.5, seed: 12, classification: false);
        const double lambda = 0.05;
        var problem = new RegularizedProblem(data, new SquaredLoss(), lambda);
        var result = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 10_000, TargetRelativeGap: 1e-12));

        var ridge = RidgeClosedForm(data, lambda);
        Assert.Equal(StopReason.TargetGap, result.Reason);
        Assert.Equal(problem.Primal(ridge), result.Final.Primal, 1e-11);
        Assert.Equal(ridge, result.Weights, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    /// <summary>w = (XᵀX/n + λI)⁻¹ Xᵀy/n by Gaussian elimination with partial pivoting.</summary>
    private static double[] RidgeClosedForm(Core.Data.Dataset data, double lambda)
    {
        int n = data.Rows, d = data.Dimension;
        var a = new double[d, d + 1];
        for (var i = 0; i < n; i++)
        {
            var idx = data.Features.RowIndices(i);
            var val = data.Features.RowValues(i);
            for (var p = 0; p < idx.Length; p++)
            {
                for (var q = 0; q < idx.Length; q++)
                {
                    a[idx[p], idx[q]] += (double)val[p] * val[q] / n;
                }

                a[idx[p], d] += val[p] * data.Labels[i] / n;
            }
        }

        for (var j = 0; j < d; j++)
        {
            a[j, j] += lambda;
        }

        for (var col = 0; col < d; col++)
        {
            var pivot = Enumerable.Range(col, d - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var k = 0; k <= d; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            }

            for (var r = 0; r < d; r++)
            {
                if (r != col)
                {
                    var f = a[r, col] / a[col, col];
                    for (var k = col; k <= d; k++)
                    {
                        a[r, k] -= f * a[col, k];
                    }
                }
            }
        }

        return Enumerable.Range(0, d).Select(j => a[j, d] / a[j, j]).ToArray();
    }
}
