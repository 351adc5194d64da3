using Hemingway.Algorithms.Optimum;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Algorithms.Tests.References;

/// <summary>
/// P* from our oracle against LIBLINEAR's optimum, evaluated with our primal on LIBLINEAR's w: agreement to 1e-6
/// relative. Logistic runs Debian's liblinear-train -s 7; hinge runs LIBLINEAR's -s 3 solver through scikit-learn,
/// because liblinear-train 2.3.0 stops -s 3 at 1000 iterations, short of 1e-6 on these problems.
/// </summary>
public class LiblinearAgreementTests
{
    [Fact]
    public void Heart_scale_hinge_optimum_agrees_with_liblinear() =>
        AssertHingeAgreement(ReferenceData.HeartScale(), lambda: 1.0 / 270);

    [Fact]
    public void Heart_scale_logistic_optimum_agrees_with_liblinear() =>
        AssertLogisticAgreement(ReferenceData.HeartScale(), lambda: 1.0 / 270);

    [Fact]
    public void Mnist_five_subsample_hinge_optimum_agrees_with_liblinear() =>
        AssertHingeAgreement(ReferenceData.MnistFiveSubsample(2000), lambda: 1e-3);

    [Fact]
    public void Mnist_five_subsample_logistic_optimum_agrees_with_liblinear() =>
        AssertLogisticAgreement(ReferenceData.MnistFiveSubsample(2000), lambda: 1e-3);

    private static void AssertHingeAgreement(Dataset data, double lambda) =>
        AssertAgreement(data, new HingeLoss(), lambda, ScikitLearn.LinearSvcWeights(data, lambda, tolerance: 1e-10));

    private static void AssertLogisticAgreement(Dataset data, double lambda) =>
        AssertAgreement(data, new LogisticLoss(), lambda, Liblinear.TrainWeights(data, Liblinear.LogisticDual, lambda, epsilon: 1e-8));

    private static void AssertAgreement(Dataset data, ILoss loss, double lambda, double[] referenceWeights)
    {
        var problem = new RegularizedProblem(data, loss, lambda);
        var optimum = OptimumOracle.Solve(problem);
        var referencePrimal = problem.Primal(referenceWeights);

        Assert.True(optimum.RelativeGap <= OptimumOracle.RelativeGap, $"oracle gap {optimum.RelativeGap:E2}");
        Assert.True(optimum.Dual <= referencePrimal, $"LIBLINEAR's P = {referencePrimal:R} is below our dual bound {optimum.Dual:R}");
        Assert.True(
            Math.Abs(optimum.Primal - referencePrimal) <= 1e-6 * referencePrimal,
            $"P* = {optimum.Primal:R}, LIBLINEAR's P = {referencePrimal:R}, relative difference {Math.Abs(optimum.Primal - referencePrimal) / referencePrimal:E2}");
    }
}
