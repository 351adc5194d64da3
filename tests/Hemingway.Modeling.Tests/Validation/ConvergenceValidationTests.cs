using Hemingway.Modeling.Tests.Convergence;
using Hemingway.Modeling.Validation;
using Xunit;

namespace Hemingway.Modeling.Tests.Validation;

public class ConvergenceValidationTests
{
    private static readonly int[] Machines = [1, 2, 4, 8, 16, 32, 64];

    [Fact]
    public void Leave_one_machine_count_out_extrapolates_a_law_in_m()
    {
        var observations = SyntheticTraces.Generate(Machines, 400, noise: 0.01);
        var results = ConvergenceValidation.LeaveOneMachineOut("cocoa", observations, 1e-4, 5000);

        Assert.Equal(Machines, results.Select(r => r.Machines));
        foreach (var r in results.Where(r => r.Machines is > 1 and < 64))
        {
            // Interpolating between seen machine counts: the law is recovered closely.
            Assert.True(r.Log10Error.Median < 0.15, $"m = {r.Machines}: median log10 error {r.Log10Error.Median:F3}");
            Assert.True(r.RelativeIterationError is null || r.RelativeIterationError < 0.2, $"m = {r.Machines}: iterations {r.PredictedIterations} vs {r.TrueIterations}");
        }
    }

    [Fact]
    public void Forward_and_time_ahead_predictions_on_a_clean_law_are_nearly_exact()
    {
        var observations = SyntheticTraces.Generate([4, 16], 200);
        var one = ConvergenceValidation.ForwardPrediction("cocoa", observations, window: 50, ahead: 1, stride: 10);
        var ten = ConvergenceValidation.ForwardPrediction("cocoa", observations, window: 50, ahead: 10, stride: 10);
        var time = ConvergenceValidation.TimeAhead("cocoa", observations, window: 50, secondsAhead: 1, stride: 10);

        Assert.True(one.Count > 10 && ten.Count > 10 && time.Count > 10);
        Assert.True(one.Percentile90 < 0.02, $"1 ahead: {one}");
        Assert.True(ten.Percentile90 < 0.05, $"10 ahead: {ten}");
        Assert.True(time.Percentile90 < 0.1, $"1 s ahead: {time}");
    }

    [Fact]
    public void Error_quantiles_interpolate_like_numpy()
    {
        // numpy.percentile([1, 2, 3, 4, 10], [50, 90]) = [3.0, 7.6]
        var summary = ErrorSummary.Of([4.0, 1.0, 10.0, 3.0, 2.0]);
        Assert.Equal(5, summary.Count);
        Assert.Equal(3.0, summary.Median, 12);
        Assert.Equal(7.6, summary.Percentile90, 12);
        Assert.True(double.IsNaN(ErrorSummary.Of([]).Median));
    }
}
