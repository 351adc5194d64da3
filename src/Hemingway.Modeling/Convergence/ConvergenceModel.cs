using System.Text.Json;
using Hemingway.Core;
using Hemingway.Modeling.Regression;

namespace Hemingway.Modeling.Convergence;

/// <summary>
/// Hemingway's convergence model for one algorithm: g(i, m) = exp(b + Σ_j λ_j φ_j(i, m)), the sub-optimality after i
/// iterations on m machines, fitted by LassoCV on log(P − P*) over the <see cref="FeatureLibrary"/>. Cross-validation
/// holds out whole machine counts when there are at least three, so its error says how well the model predicts an m it
/// has not seen.
/// </summary>
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

    /// <summary>The cross-validated root-mean-square error of log10(P − P*).</summary>
    public double CrossValidatedLog10Error => File.CrossValidatedLog10Error;

    /// <summary>Everything the model is, as saved.</summary>
    public ConvergenceModelFile File { get; }

    /// <summary>Fits g on the observations of one algorithm (those with P − P* &gt; 0 and i ≥ 1 are used).</summary>
    public static ConvergenceModel Fit(string algorithm, IReadOnlyList<ConvergenceObservation> observations, LassoOptions? lasso = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var usable = observations.Where(o => o.Iteration >= 1 && o.Suboptimality > 0 && double.IsFinite(o.Suboptimality)).ToList();
        if (usable.Count < MinimumObservations)
        {
            throw new HemingwayException(
                $"{algorithm}: {usable.Count} usable observations (iteration ≥ 1, P − P* > 0); the convergence model needs at least {MinimumObservations}");
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
            "ln(P - P*)",
            [.. FeatureLibrary.Names],
            fit.Coefficients,
            fit.Intercept,
            fit.Alpha,
            Math.Sqrt(fit.CrossValidatedMse) / Math.Log(10),
            grouped ? "group-k-fold by machines" : "k-fold",
            usable.Count,
            usable.Min(o => o.Iteration),
            usable.Max(o => o.Iteration),
            machines));
    }

    /// <summary>ln g(i, m).</summary>
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

    /// <summary>g(i, m): the predicted P − P* after <paramref name="iteration"/> iterations on <paramref name="machines"/> machines.</summary>
    public double Predict(double iteration, double machines) => Math.Exp(LogSuboptimality(iteration, machines));

    /// <summary>The first i in 1..<paramref name="maxIterations"/> with g(i, m) ≤ ε, or null when none is.</summary>
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

    /// <summary>Reads a model from JSON; bad JSON gives a <see cref="HemingwayException"/> naming <paramref name="source"/>.</summary>
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

        return new ConvergenceModel(file);
    }
}
