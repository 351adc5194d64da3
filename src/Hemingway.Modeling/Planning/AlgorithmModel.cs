using System.Globalization;
using Hemingway.Core;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.SystemModel;

namespace Hemingway.Modeling.Planning;

/// <summary>
/// What the planner knows about one algorithm: its convergence curve ln g(i, m), its seconds per iteration f(m), and
/// how far each is to be trusted — σ_g, the cross-validated RMS error of log10 g, and σ_f, the relative error of f.
/// The constructor checks the values; <see cref="FromModels"/> builds one from fitted models.
/// </summary>
public sealed record AlgorithmModel
{
    /// <summary>An algorithm's models; bad values give a <see cref="HemingwayException"/> naming the algorithm and the value.</summary>
    /// <param name="algorithm">The algorithm's name, as the trace store spells it (e.g. <c>cocoa+</c>).</param>
    /// <param name="logSuboptimality">ln g(i, m).</param>
    /// <param name="secondsPerIteration">f(m), seconds per iteration on m machines (must be positive where asked).</param>
    /// <param name="log10Error">σ_g ≥ 0: the typical error of log10 g, e.g. <see cref="ConvergenceModel.CrossValidatedLog10Error"/>.</param>
    /// <param name="secondsRelativeError">σ_f in [0, 1): the typical relative error of f, e.g. Ernest's leave-one-out error.</param>
    public AlgorithmModel(
        string algorithm,
        LogSuboptimalityCurve logSuboptimality,
        Func<int, double> secondsPerIteration,
        double log10Error,
        double secondsRelativeError)
    {
        ArgumentNullException.ThrowIfNull(logSuboptimality);
        ArgumentNullException.ThrowIfNull(secondsPerIteration);
        if (string.IsNullOrWhiteSpace(algorithm))
        {
            throw new HemingwayException("an algorithm model needs the algorithm's name");
        }

        if (!(log10Error >= 0) || !double.IsFinite(log10Error))
        {
            throw new HemingwayException(
                $"{algorithm}: the convergence model's log10 error must be a finite number ≥ 0, got {Text(log10Error)}");
        }

        if (!(secondsRelativeError >= 0 && secondsRelativeError < 1))
        {
            throw new HemingwayException(
                $"{algorithm}: the system model's relative error must be in [0, 1), got {Text(secondsRelativeError)}");
        }

        Algorithm = algorithm;
        LogSuboptimality = logSuboptimality;
        SecondsPerIteration = secondsPerIteration;
        Log10Error = log10Error;
        SecondsRelativeError = secondsRelativeError;
    }

    /// <summary>The algorithm's name.</summary>
    public string Algorithm { get; }

    /// <summary>ln g(i, m).</summary>
    public LogSuboptimalityCurve LogSuboptimality { get; }

    /// <summary>f(m): seconds per iteration on m machines.</summary>
    public Func<int, double> SecondsPerIteration { get; }

    /// <summary>σ_g: the error of log10 g; an interval multiplies g by 10^(∓σ_g).</summary>
    public double Log10Error { get; }

    /// <summary>σ_f: the relative error of f; an interval multiplies seconds by (1 ∓ σ_f).</summary>
    public double SecondsRelativeError { get; }

    /// <summary>g(i, m), the predicted P − P* after <paramref name="iteration"/> iterations on <paramref name="machines"/> machines.</summary>
    public double Suboptimality(int iteration, int machines) => Math.Exp(LogSuboptimality(iteration, machines));

    /// <summary>
    /// The planner's view of a fitted convergence model g and Ernest model f: ln g from <paramref name="convergence"/>,
    /// f(m) = Ernest's prediction at data fraction <paramref name="fraction"/>, σ_g = the convergence model's
    /// cross-validated log10 error, σ_f = Ernest's leave-one-out relative error chosen by <paramref name="systemError"/>
    /// (0 for a model saved without cross-validation). A σ_f of 1 or more gives a <see cref="HemingwayException"/>:
    /// such a system model cannot bound a time from below.
    /// </summary>
    public static AlgorithmModel FromModels(
        ConvergenceModel convergence,
        ErnestModel system,
        double fraction = 1.0,
        SystemErrorMeasure systemError = SystemErrorMeasure.Median)
    {
        ArgumentNullException.ThrowIfNull(convergence);
        ArgumentNullException.ThrowIfNull(system);
        if (!(fraction > 0) || !double.IsFinite(fraction))
        {
            throw new HemingwayException($"{convergence.Algorithm}: the data fraction must be positive, got {Text(fraction)}");
        }

        var crossValidation = system.CrossValidation;
        var relativeError = crossValidation is null
            ? 0.0
            : systemError == SystemErrorMeasure.Max ? crossValidation.MaxRelativeError : crossValidation.MedianRelativeError;
        if (relativeError >= 1)
        {
            throw new HemingwayException(
                $"{convergence.Algorithm}: the system model's leave-one-out {systemError.ToString().ToLowerInvariant()} relative error is " +
                $"{Text(relativeError)} (≥ 1): refit it on more or steadier runs before planning with it");
        }

        return new AlgorithmModel(
            convergence.Algorithm,
            (i, m) => convergence.LogSuboptimality(i, m),
            m => system.Predict(m, fraction),
            convergence.CrossValidatedLog10Error,
            relativeError);
    }

    /// <summary>
    /// <see cref="FromModels"/> on what <c>hemingway fit</c> saved; a bundle without a system model gives a
    /// <see cref="HemingwayException"/> (planning in time needs f).
    /// </summary>
    public static AlgorithmModel FromBundle(ModelBundle bundle, SystemErrorMeasure systemError = SystemErrorMeasure.Median)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.System is null)
        {
            throw new HemingwayException(
                $"{bundle.Convergence.Algorithm}: the model has no system model (it needs runs on at least four machine counts), " +
                "so its time per iteration is unknown and it cannot be planned");
        }

        return FromModels(bundle.Convergence, bundle.System, bundle.Fraction, systemError);
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
