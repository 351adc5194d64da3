using System.Text.Json;
using Hemingway.Core;
using Hemingway.Modeling.Regression;

namespace Hemingway.Modeling.Convergence;

/// <summary>
/// Hemingway's convergence model for one algorithm: g(i, m) = exp(b + Σ_j λ_j φ_j(i, m)), the sub-optimality after i
/// iterations on m machines, fitted by LassoCV on log(P − P*) over the <see cref="FeatureLibrary"/>; or, with another
/// <see cref="ConvergenceTarget"/>, the duality gap or the test error after i iterations, fitted on its log.
/// Cross-validation holds out whole machine counts when there are at least three, so its error says how well the model
/// predicts an m it has not seen.
/// </summary>
/// <remarks>
/// Every recorded iteration is one observation, weighted alike: a long run (many machines) weighs more than a short one,
/// and a run's slow tail more than its first iterations. That is deliberate. On the MNIST-5 case study, every scheme
/// that evens this out predicted held-out machine counts no better and usually worse: one weight per machine count,
/// log-spaced sampling along i (10 to 200 points per decade), median smoothing, fitting a running-minimum envelope,
/// dropping iteration 1, fitting only P − P* ≤ 1e-2. Thinning the long runs' tails made m = 128 (predicted from 1..64)
/// worse each time, because the iterations to a small ε are decided in those tails: their sub-optimality falls slower
/// and slower (on m = 64, run past ε, from 1.1e-4 at iteration 160 to 6.2e-5 at 400, a log-log slope of 0.6 against 1.0
/// between 80 and 160), and only the long runs show it.
/// </remarks>
public sealed class ConvergenceModel
{
    /// <summary>The fewest usable observations a fit accepts.</summary>
    public const int MinimumObservations = 10;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private ConvergenceModel(ConvergenceModelFile file)
    {
        File = file;
    }

    /// <summary>The algorithm the model describes.</summary>
    public string Algorithm => File.Algorithm;

    /// <summary>What g describes: P − P*, the duality gap or the test error.</summary>
    public ConvergenceTarget Target { get; private init; } = ConvergenceTarget.Suboptimality;

    /// <summary>The cross-validated root-mean-square error of log10 of the target (log10(P − P*) by default).</summary>
    public double CrossValidatedLog10Error => File.CrossValidatedLog10Error;

    /// <summary>Everything the model is, as saved.</summary>
    public ConvergenceModelFile File { get; }

    /// <summary>
    /// Fits g on the observations of one algorithm (those with a target value &gt; 0 and i ≥ 1 are used; the value is
    /// <see cref="ConvergenceObservation.Suboptimality"/>, which holds the gap or the test error for those targets).
    /// </summary>
    /// <param name="algorithm">The algorithm's name, saved with the model and used in messages.</param>
    /// <param name="observations">The points of every run.</param>
    /// <param name="lasso">Coordinate descent settings (null for the defaults).</param>
    /// <param name="target">What the observations' values are (null for P − P*).</param>
    public static ConvergenceModel Fit(
        string algorithm, IReadOnlyList<ConvergenceObservation> observations, LassoOptions? lasso = null, ConvergenceTarget? target = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        target ??= ConvergenceTarget.Suboptimality;
        var usable = observations.Where(o => o.Iteration >= 1 && o.Suboptimality > 0 && double.IsFinite(o.Suboptimality)).ToList();
        if (usable.Count < MinimumObservations)
        {
            throw new HemingwayException(
                $"{algorithm}: {usable.Count} usable observations (iteration ≥ 1, {target.Description} > 0); the convergence model needs at least {MinimumObservations}");
        }

        var x = FeatureLibrary.Design(usable.Select(o => ((double)o.Iteration, (double)o.Machines)).ToList());
        var y = usable.Select(o => Math.Log(o.Suboptimality)).ToArray();
        var machines = usable.Select(o => o.Machines).Distinct().Order().ToArray();

        // With three or more machine counts, each fold holds out whole counts: the error then measures extrapolation in m.
        var grouped = machines.Length >= 3;
        var options = new LassoCVOptions(
            Folds: grouped ? Math.Min(5, machines.Length) : Math.Min(5, usable.Count),
            Groups: grouped ? usable.Select(o => o.Machines).ToArray() : null,
            Lasso: lasso);
        var fit = LassoCV.Fit(x, y, options);
        return new ConvergenceModel(new ConvergenceModelFile(
            algorithm,
            target.Label,
            [.. FeatureLibrary.Names],
            fit.Coefficients,
            fit.Intercept,
            fit.Alpha,
            Math.Sqrt(fit.CrossValidatedMse) / Math.Log(10),
            grouped ? "group-k-fold by machines" : "k-fold",
            usable.Count,
            usable.Min(o => o.Iteration),
            usable.Max(o => o.Iteration),
            machines))
        {
            Target = target,
        };
    }

    /// <summary>ln g(i, m): the log of the predicted target (of P − P* by default).</summary>
    public double LogSuboptimality(double iteration, double machines)
    {
        Span<double> features = stackalloc double[FeatureLibrary.Names.Count];
        FeatureLibrary.Evaluate(iteration, machines, features);
        var value = File.Intercept;
        for (var j = 0; j < features.Length; j++)
        {
            value += File.Coefficients[j] * features[j];
        }

        return value;
    }

    /// <summary>
    /// g(i, m): the predicted target (P − P* by default) after <paramref name="iteration"/> iterations on
    /// <paramref name="machines"/> machines.
    /// </summary>
    public double Predict(double iteration, double machines) => Math.Exp(LogSuboptimality(iteration, machines));

    /// <summary>
    /// The first i in 1..<paramref name="maxIterations"/> with g(i, m) ≤ ε (ε a value of the target), or null when none is.
    /// </summary>
    public int? IterationsToReach(double epsilon, int machines, int maxIterations)
    {
        var target = Math.Log(epsilon);
        for (var i = 1; i <= maxIterations; i++)
        {
            if (LogSuboptimality(i, machines) <= target)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The model as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(File, JsonOptions);

    /// <summary>
    /// Reads a model from JSON; bad JSON, or a target or features this version does not know, gives a
    /// <see cref="HemingwayException"/> naming <paramref name="source"/>.
    /// </summary>
    public static ConvergenceModel FromJson(string json, string source)
    {
        ConvergenceModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ConvergenceModelFile>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new HemingwayException($"{source}: not a convergence model ({e.Message})");
        }

        if (file is null || file.Features is null || file.Coefficients is null || !file.Features.SequenceEqual(FeatureLibrary.Names) ||
            file.Coefficients.Length != file.Features.Length)
        {
            throw new HemingwayException($"{source}: not a convergence model of this version (features differ from: {string.Join(", ", FeatureLibrary.Names)})");
        }

        var target = ConvergenceTarget.FromLabel(file.Target)
            ?? throw new HemingwayException(
                $"{source}: the convergence model's target '{file.Target}' is none of {string.Join(", ", ConvergenceTarget.All.Select(t => t.Label))}");
        return new ConvergenceModel(file) { Target = target };
    }
}
