using Hemingway.Advisor.Profiling;
using Xunit;

namespace Hemingway.Advisor.Tests.Profiling;

public class ConvergenceDesignTests
{
    [Fact]
    public void Few_candidates_are_all_profiled_sorted_and_without_repeats()
    {
        Assert.Equal([1, 2, 4, 8], ConvergenceDesign.Machines([8, 1, 4, 2, 4, 1]));
        Assert.Equal([3], ConvergenceDesign.Machines([3]));

        // Exactly the most counts allowed: still every one.
        int[] eight = [1, 2, 4, 8, 16, 32, 64, 128];
        Assert.Equal(eight, ConvergenceDesign.Machines([.. eight.Reverse()]));
    }

    [Fact]
    public void Many_candidates_give_eight_log_spaced_counts_with_both_ends()
    {
        // Targets e^(k·ln 200 / 7), k = 0..7, are 1, 2.13, 4.54, 9.67, 20.6, 43.9, 93.6, 200; the candidate nearest
        // each in log m is, by hand: 1, 2, 5 (|ln 5 − ln 4.54| = 0.096 < |ln 4 − ln 4.54| = 0.127), 10, 21, 44, 94, 200.
        Assert.Equal([1, 2, 5, 10, 21, 44, 94, 200], ConvergenceDesign.Machines([.. Enumerable.Range(1, 200)]));

        // Powers of two up to 2^10: targets 2^(10k/7) have exponents 0, 1.43, 2.86, 4.29, 5.71, 7.14, 8.57, 10.
        int[] powers = [.. Enumerable.Range(0, 11).Select(k => 1 << k)];
        Assert.Equal([1, 2, 8, 16, 64, 128, 512, 1024], ConvergenceDesign.Machines(powers));
    }

    [Fact]
    public void Targets_that_share_a_nearest_count_give_fewer_counts()
    {
        // Targets 9^(k/7) = 1, 1.37, 1.87, 2.57, 3.51, 4.81, 6.58, 9: the first two are both nearest 1.
        Assert.Equal([1, 2, 3, 4, 5, 7, 9], ConvergenceDesign.Machines([.. Enumerable.Range(1, 9)]));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(500)]
    public void The_subset_is_small_sorted_drawn_from_the_candidates_and_keeps_both_ends(int count)
    {
        var candidates = Enumerable.Range(0, count).Select(k => 3 + (7 * k)).ToArray();
        var chosen = ConvergenceDesign.Machines(candidates);

        Assert.InRange(chosen.Count, 2, ConvergenceDesign.MaxMachineCounts);
        Assert.Equal(candidates[0], chosen[0]);
        Assert.Equal(candidates[^1], chosen[^1]);
        Assert.All(chosen, m => Assert.Contains(m, candidates));
        Assert.Equal(chosen.Order(), chosen);
        Assert.Equal(chosen.Count, chosen.Distinct().Count());
    }

    [Theory]
    [InlineData(300.0, 1.0, ConvergenceDesign.MaxInitialIterations)] // a third buys 100: capped
    [InlineData(22.0, 1.0, 7)] // a third buys 7.33: rounded down
    [InlineData(60.0, 2.0, 10)]
    [InlineData(3.0, 1.0, ConvergenceDesign.MinInitialIterations)] // a third buys 1: raised to the minimum
    [InlineData(0.0, 1.0, ConvergenceDesign.MinInitialIterations)]
    [InlineData(-5.0, 1.0, ConvergenceDesign.MinInitialIterations)] // overspent already
    public void Initial_iterations_are_a_third_of_the_budget_left_clamped(double secondsLeft, double secondsPerRound, int expected)
    {
        Assert.Equal(expected, ConvergenceDesign.InitialIterations(secondsLeft, secondsPerRound));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void An_unknown_round_time_gives_the_minimum(double secondsPerRound)
    {
        Assert.Equal(ConvergenceDesign.MinInitialIterations, ConvergenceDesign.InitialIterations(100, secondsPerRound));
    }
}
