using Hemingway.Advisor.Profiling;
using Xunit;

namespace Hemingway.Advisor.Tests.Profiling;

public class AnchoredCurveTests
{
    private const int Horizon = 200;

    // ln g(i, m) = −2 − 0.3·i/m: a straight line in i, steeper on fewer machines.
    private static readonly Func<int, int, double> Line = (i, m) => -2 - (0.3 * i / m);

    private static Hemingway.Modeling.Convergence.ConvergenceModel LineModel() => HandWrittenModel.Create(-2, ("i/m", -0.3));

    [Fact]
    public void The_hand_written_model_is_the_closed_form()
    {
        var model = LineModel();
        foreach (var (i, m) in new[] { (1, 1), (7, 4), (150, 8) })
        {
            Assert.Equal(Line(i, m), model.LogSuboptimality(i, m), 12);
        }
    }

    [Fact]
    public void The_observed_part_of_a_profiled_count_is_the_run_itself()
    {
        // A run on 4 machines, decreasing, far from the model: ln P − P* = 1 − 0.5·i for i = 0..20.
        var observed = Enumerable.Range(0, 21).Select(i => Math.Exp(1 - (0.5 * i))).ToArray();
        var curve = AnchoredCurve.Create(LineModel(), new Dictionary<int, double[]> { [4] = observed }, Horizon);

        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal(Math.Log(observed[i]), curve(i, 4));
        }
    }

    [Fact]
    public void Past_the_run_the_model_is_shifted_by_the_mean_misfit_of_the_last_ten_iterations()
    {
        // On 4 machines: ten iterations far above the model (ln misfit 2), then ten at 3× the model with ln misfits
        // of +0.05 (11..15) and −0.05 (16..20). Only the last ten count, so the shift is ln 3 exactly; had the first
        // ten counted it would be (10·2 + 10·ln 3) / 20.
        const int machines = 4;
        var observed = new double[21];
        for (var i = 0; i <= 20; i++)
        {
            var misfit = i <= 10 ? 2.0 : i <= 15 ? Math.Log(3) + 0.05 : Math.Log(3) - 0.05;
            observed[i] = Math.Exp(Line(i, machines) + misfit);
        }

        var curve = AnchoredCurve.Create(LineModel(), new Dictionary<int, double[]> { [machines] = observed }, Horizon);

        // The line falls 0.075 a step, more than the last misfit's 0.05 below ln 3, so the continuation starts below
        // the last observed value and the running minimum leaves it as it is.
        Assert.True(Line(21, machines) + Math.Log(3) < Math.Log(observed[20]));
        for (var i = 21; i <= Horizon; i++)
        {
            Assert.Equal(Line(i, machines) + Math.Log(3), curve(i, machines), 10);
        }
    }

    [Fact]
    public void A_short_run_shifts_by_the_mean_of_all_its_iterations()
    {
        // Three iterations on 1 machine (fewer than the window) at ln misfits 0.5, 0.6 and 0.4: the shift is their
        // mean, 0.5. The run falls (−1.8, −2.0, −2.5) and the continuation starts below it (−3.2 + 0.5 = −2.7).
        const int machines = 1;
        double[] misfits = [0, 0.5, 0.6, 0.4];
        var observed = Enumerable.Range(0, 4).Select(i => Math.Exp(Line(i, machines) + misfits[i])).ToArray();
        var curve = AnchoredCurve.Create(LineModel(), new Dictionary<int, double[]> { [machines] = observed }, Horizon);

        Assert.Equal(-2.5, curve(3, machines), 12);
        Assert.Equal(Line(4, machines) + 0.5, curve(4, machines), 10);
        Assert.Equal(Line(50, machines) + 0.5, curve(50, machines), 10);
    }

    [Fact]
    public void Counts_without_a_run_follow_the_model()
    {
        var observed = Enumerable.Range(0, 21).Select(i => Math.Exp(5 - i)).ToArray();
        var curve = AnchoredCurve.Create(LineModel(), new Dictionary<int, double[]> { [4] = observed }, Horizon);

        foreach (var m in new[] { 1, 2, 8, 16 })
        {
            for (var i = 1; i <= Horizon; i += 7)
            {
                Assert.Equal(Line(i, m), curve(i, m), 12);
            }
        }
    }

    [Fact]
    public void A_noisy_run_becomes_its_running_minimum()
    {
        // Sub-optimality that goes up at iterations 3 and 6: the curve keeps the best value so far.
        double[] observed = [1, 0.5, 0.2, 0.4, 0.1, 0.08, 0.3, 0.05, 0.04, 0.03, 0.02];
        var curve = AnchoredCurve.Create(LineModel(), new Dictionary<int, double[]> { [8] = observed }, Horizon);

        double[] expected = [double.NaN, 0.5, 0.2, 0.2, 0.1, 0.08, 0.08, 0.05, 0.04, 0.03, 0.02];
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(Math.Log(expected[i]), curve(i, 8), 12);
        }
    }

    [Fact]
    public void A_model_that_turns_upward_is_flattened_at_its_minimum()
    {
        // ln g = −2·ln i + 0.1·i falls until i = 20 and rises after: the curve holds ln g(20) from there on.
        var model = HandWrittenModel.Create(0, ("log(i)", -2), ("i", 0.1));
        static double Raw(int i) => (-2 * Math.Log(i)) + (0.1 * i);
        var curve = AnchoredCurve.Create(model, new Dictionary<int, double[]>(), Horizon);

        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal(Raw(i), curve(i, 3), 10);
        }

        for (var i = 21; i <= Horizon; i++)
        {
            Assert.Equal(Raw(20), curve(i, 3), 10);
        }
    }

    [Fact]
    public void The_curve_never_rises_up_to_the_horizon()
    {
        // A rising model and a noisy run on one count, the model alone on another.
        var model = HandWrittenModel.Create(-1, ("sqrt(i)", -1.5), ("i/m", 0.08));
        var random = new Random(7);
        var observed = Enumerable.Range(0, 30).Select(i => Math.Exp(-0.2 * i) * (1 + (0.5 * random.NextDouble()))).ToArray();
        var curve = AnchoredCurve.Create(model, new Dictionary<int, double[]> { [2] = observed }, Horizon);

        foreach (var m in new[] { 1, 2, 4 })
        {
            for (var i = 2; i <= Horizon; i++)
            {
                Assert.True(curve(i, m) <= curve(i - 1, m), $"m = {m}: ln g rises from {curve(i - 1, m)} at i = {i - 1} to {curve(i, m)} at i = {i}");
            }
        }
    }
}
