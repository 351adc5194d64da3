using Hemingway.Algorithms.Optimum;
using Hemingway.Algorithms.Sdca;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Algorithms.Tests.Optimum;

public class OptimumOracleTests
{
    [Fact]
    public void Hinge_optima_come_from_the_interior_point_solver_certified_to_the_oracle_gap()
    {
        var problem = new RegularizedProblem(SyntheticDigits.Create(800, seed: 3), new HingeLoss(), 1e-4);
        var records = new List<IterationRecord>();

        var optimum = OptimumOracle.Solve(problem, records.Add);
        var direct = new HingeInteriorPointSolver(problem).Solve(OptimumOracle.RelativeGap);

        Assert.True(optimum.RelativeGap <= OptimumOracle.RelativeGap, $"relative gap {optimum.RelativeGap:E3}");
        Assert.True(optimum.Dual <= optimum.Primal);
        Assert.Equal(direct.Primal, optimum.Primal, 2 * OptimumOracle.RelativeGap * direct.Primal);
        Assert.Equal(direct.InteriorPointIterations, optimum.Epochs);
        Assert.NotEmpty(records);
        Assert.Equal(optimum.Epochs, records[^1].Iteration);
        Assert.True(optimum.Epochs < 200, $"{optimum.Epochs} iterations: not the interior-point method");
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("squared")]
    public void Smooth_losses_are_still_solved_by_sdca(string loss)
    {
        var problem = new RegularizedProblem(
            RandomProblems.Sparse(200, 15, 0.4, 21, classification: loss != "squared"), LossCatalog.Parse(loss), 1e-2);

        var optimum = OptimumOracle.Solve(problem);
        var sdca = new SdcaSolver(problem).Solve(new StopCriteria(MaxIterations: 100_000, TargetRelativeGap: OptimumOracle.RelativeGap));

        Assert.True(optimum.RelativeGap <= OptimumOracle.RelativeGap, $"relative gap {optimum.RelativeGap:E3}");
        Assert.Equal(sdca.Final.Iteration, optimum.Epochs);
        Assert.Equal(sdca.Final.Primal, optimum.Primal, 2 * OptimumOracle.RelativeGap * sdca.Final.Primal);
    }

    [Fact]
    public void A_hinge_optimum_is_cached_and_read_back_unchanged()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"hemingway-optimum-{Guid.NewGuid():N}");
        try
        {
            var oracle = new OptimumOracle(directory);
            var problem = new RegularizedProblem(RandomProblems.Sparse(250, 20, 0.3, 8), new HingeLoss(), 1e-3);
            Assert.False(oracle.IsCached(problem));

            var solved = oracle.GetOrSolve(problem);
            Assert.True(oracle.IsCached(problem));
            Assert.True(File.Exists(oracle.CachePath(problem)));

            var progress = 0;
            var cached = oracle.GetOrSolve(problem, _ => progress++);
            Assert.Equal(solved, cached);
            Assert.Equal(0, progress);
            Assert.True(cached.RelativeGap <= OptimumOracle.RelativeGap);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
