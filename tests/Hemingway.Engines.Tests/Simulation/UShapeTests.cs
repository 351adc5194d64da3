using Hemingway.Engines.Simulation;
using Xunit;

namespace Hemingway.Engines.Tests.Simulation;

/// <summary>
/// The paper's case study (seed 000, §2.3, Figure 1(a)): CoCoA on Spark over MNIST digit 5, time per iteration falls
/// as machines are added, up to 32, then rises. MNIST has 60 000 rows and ≈ 9 M nonzeros; one CoCoA round (H = n/m)
/// visits every nonzero once, so each of m workers does 9 M / m units; w has 784 doubles each way.
/// </summary>
public class UShapeTests
{
    private const long MnistNonzeros = 9_000_000;
    private const long ModelBytes = 784 * sizeof(double);

    [Fact]
    public void Spark_time_per_iteration_falls_then_rises_with_a_fixed_cost_model()
    {
        // 2 ns per nonzero visited: between this machine's calibrations (1 to 3.5 ns, Release).
        var curve = SparkCurve(new CostModel(2e-9, 5e-7));
        var best = AssertUShaped(curve);
        Assert.InRange(best, 16, 32);
    }

    [Fact]
    public void Spark_time_per_iteration_falls_then_rises_with_this_machines_calibration()
    {
        var model = CostModel.Calibrate(TimeSpan.FromSeconds(0.2));
        var curve = SparkCurve(model);
        var best = AssertUShaped(curve);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{model.SecondsPerUnit * 1e9:F2} ns/unit, {model.SecondsPerCall * 1e9:F0} ns/call (optimized: {model.Optimized}); " +
            $"minimum at m = {best}; " +
            string.Join(" ", new[] { 1, 2, 4, 8, 16, 32, 64, 128 }.Select(m => $"{m}:{curve[m - 1] * 1e3:F0}ms")));

        // Anywhere from 1 to 10 ns per unit (Release or Debug, idle or busy) keeps the minimum in the tens.
        Assert.InRange(best, 8, 64);
    }

    [Fact]
    public void Without_framework_overhead_more_machines_keep_helping()
    {
        // The same rounds on ideal and mpi-10g clusters: no per-task overhead, so 128 machines beat 1 by far.
        var model = new CostModel(2e-9, 5e-7);
        foreach (var preset in new[] { "ideal", "mpi-10g" })
        {
            var clock = new ClusterClock(ClusterPresets.Get(preset), 0);
            var one = clock.Phase(1, model.Seconds(MnistNonzeros), ModelBytes, ModelBytes, 1).TotalSeconds;
            var many = clock.Phase(128, model.Seconds(MnistNonzeros / 128), ModelBytes, ModelBytes, 1).TotalSeconds;
            Assert.True(many * 20 < one, $"{preset}: 1 machine {one} s, 128 machines {many} s");
        }
    }

    private static double[] SparkCurve(CostModel model)
    {
        var clock = new ClusterClock(ClusterPresets.Get("spark"), seed: 0);
        return
        [
            .. Enumerable.Range(1, 128).Select(m =>
            {
                // Rows split as evenly as a partitioner can: the largest shard holds ⌈nnz/m⌉ units.
                var compute = Enumerable.Range(0, m)
                    .Select(k => model.Seconds((MnistNonzeros / m) + (k < MnistNonzeros % m ? 1 : 0)))
                    .ToArray();
                return clock.PhaseSeconds(m, compute, ModelBytes, ModelBytes, phaseIndex: 1);
            }),
        ];
    }

    // Strictly falling up to the minimum, strictly rising after it, minimum strictly inside 1..128; returns its m.
    private static int AssertUShaped(double[] curve)
    {
        var best = Array.IndexOf(curve, curve.Min());
        Assert.InRange(best, 1, curve.Length - 2);
        for (var i = 1; i <= best; i++)
        {
            Assert.True(curve[i] < curve[i - 1], $"time rises from m = {i} to m = {i + 1} before the minimum");
        }

        for (var i = best + 1; i < curve.Length; i++)
        {
            Assert.True(curve[i] > curve[i - 1], $"time falls from m = {i} to m = {i + 1} after the minimum");
        }

        return best + 1;
    }
}
