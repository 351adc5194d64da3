using Hemingway.Core;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Planning;
using Hemingway.Modeling.SystemModel;
using Hemingway.Modeling.Tests.Convergence;
using Xunit;

namespace Hemingway.Modeling.Tests.Planning;

public class AlgorithmModelTests
{
    private static readonly int[] Machines = [1, 2, 4, 8, 16, 32];

    /// <summary>The time per iteration of <see cref="SyntheticTraces"/>, which Ernest's features express exactly.</summary>
    private static double TrueSeconds(int m) => 0.1 + (0.5 / m) + (0.002 * m);

    [Fact]
    public void Fitted_models_plan_like_the_law_they_were_fitted_on()
    {
        var convergence = ConvergenceModel.Fit("cocoa", SyntheticTraces.Generate(Machines, 300, noise: 0.02));
        var system = ErnestModel.Fit(Machines.Select(m => new ErnestPoint(m, 1.0, TrueSeconds(m))).ToList());
        var model = AlgorithmModel.FromModels(convergence, system);

        Assert.Equal("cocoa", model.Algorithm);
        Assert.Equal(convergence.CrossValidatedLog10Error, model.Log10Error);
        Assert.Equal(system.CrossValidation!.MedianRelativeError, model.SecondsRelativeError);
        Assert.Equal(system.CrossValidation.MaxRelativeError, AlgorithmModel.FromModels(convergence, system, systemError: SystemErrorMeasure.Max).SecondsRelativeError);

        var result = Planner.Plan([model], new PlanningGoal(Machines, epsilon: 1e-4));
        foreach (var plan in result.Plans)
        {
            // The law c₁ (1 − c₀/m)^i ≤ ε first at ⌈log(ε/c₁) / log(1 − c₀/m)⌉.
            var law = (int)Math.Ceiling(Math.Log(1e-4 / SyntheticTraces.C1) / Math.Log(1 - (SyntheticTraces.C0 / plan.Machines)));
            Assert.True(plan.MeetsGoal);
            Assert.True(Math.Abs(plan.PredictedIterations!.Value - law) <= Math.Max(2, 0.05 * law), $"m = {plan.Machines}: {plan.PredictedIterations} vs {law}");
            Assert.Equal(TrueSeconds(plan.Machines), plan.SecondsPerIteration, 1e-6);
            Assert.InRange(plan.PredictedIterations.Value, plan.OptimisticIterations!.Value, plan.PessimisticIterations!.Value);
        }

        // By the law: 9 iterations × 0.602 s = 5.4 s on one machine; two need 22 × 0.354 = 7.8 s, more take longer still.
        Assert.Equal(1, result.Recommendation!.Machines);
    }

    [Fact]
    public void A_bundle_without_a_system_model_cannot_be_planned()
    {
        var convergence = ConvergenceModel.Fit("cocoa+", SyntheticTraces.Generate(Machines, 100));
        var error = Assert.Throws<HemingwayException>(() => AlgorithmModel.FromBundle(new ModelBundle(convergence, null)));
        Assert.Contains("cocoa+: the model has no system model", error.Message, StringComparison.Ordinal);

        var system = ErnestModel.Fit(Machines.Select(m => new ErnestPoint(m, 0.5, TrueSeconds(m))).ToList());
        var model = AlgorithmModel.FromBundle(new ModelBundle(convergence, system, 0.5));
        Assert.Equal(system.Predict(16, 0.5), model.SecondsPerIteration(16), 12);
        Assert.Equal(convergence.Predict(40, 16), model.Suboptimality(40, 16), 12);
    }
}
