using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hemingway.Core;

namespace Hemingway.Modeling.SystemModel;

/// <summary>The data an Ernest model was fitted on: how many points and the box they span.</summary>
/// <param name="Points">Number of training points.</param>
/// <param name="MinMachines">Fewest machines among them.</param>
/// <param name="MaxMachines">Most machines among them.</param>
/// <param name="MinFraction">Smallest data fraction among them.</param>
/// <param name="MaxFraction">Largest data fraction among them.</param>
public sealed record ErnestTrainingRange(int Points, int MinMachines, int MaxMachines, double MinFraction, double MaxFraction);

/// <summary>
/// Leave-one-out cross-validation of an Ernest model: each point predicted by the model fitted on all the others.
/// </summary>
/// <param name="Method">Always <c>leave_one_out</c>.</param>
/// <param name="MedianRelativeError">Median of |predicted − measured| / measured over the held-out points.</param>
/// <param name="MaxRelativeError">Largest such error.</param>
/// <param name="RelativeErrors">The error of every point, in training order.</param>
public sealed record ErnestCrossValidation(
    string Method,
    double MedianRelativeError,
    double MaxRelativeError,
    IReadOnlyList<double> RelativeErrors);

/// <summary>
/// Ernest's system model (Venkataraman et al., NSDI 2016): seconds per iteration on m machines with data fraction s,
/// f(m, s) = θ0 + θ1·s/m + θ2·log(m) + θ3·m with θ ≥ 0, fitted by non-negative least squares on measured points
/// exactly as Ernest's predictor does (its features in another order: [1, s/m, m, log m]). The fixed cost θ0, the
/// parallel work θ1·s/m, tree-shaped aggregation θ2·log(m) and all-to-one communication θ3·m.
/// </summary>
public sealed class ErnestModel
{
    /// <summary>Number of features (and coefficients) of the model.</summary>
    public const int FeatureCount = 4;

    /// <summary>The model's formula, as written to model files.</summary>
    public const string Formula = "seconds = θ0 + θ1·s/m + θ2·log(m) + θ3·m";

    /// <summary>The value of <c>model</c> in a model file.</summary>
    public const string Kind = "ernest";

    private const string LeaveOneOut = "leave_one_out";

    private static readonly JsonSerializerOptions FileOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly double[] _theta;
    private readonly ErnestPoint[] _points;

    private ErnestModel(double[] theta, double residualNorm, ErnestTrainingRange range, ErnestCrossValidation? crossValidation, ErnestPoint[] points)
    {
        _theta = theta;
        ResidualNorm = residualNorm;
        TrainingRange = range;
        CrossValidation = crossValidation;
        _points = points;
    }

    /// <summary>The names of the features, in the order of <see cref="Theta"/>: 1, s/m, log(m), m.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["1", "s/m", "log(m)", "m"];

    /// <summary>The coefficients θ0…θ3 (all ≥ 0), in the order of <see cref="FeatureNames"/>.</summary>
    public IReadOnlyList<double> Theta => _theta;

    /// <summary>‖A θ − t‖₂ on the training points (seconds).</summary>
    public double ResidualNorm { get; }

    /// <summary>What the model was fitted on.</summary>
    public ErnestTrainingRange TrainingRange { get; }

    /// <summary>Leave-one-out error, the uncertainty a planner should show with a prediction.</summary>
    public ErnestCrossValidation? CrossValidation { get; }

    /// <summary>The training points (empty for a model file saved without them).</summary>
    public IReadOnlyList<ErnestPoint> Points => _points;

    /// <summary>The feature vector [1, s/m, log(m), m] of a point.</summary>
    public static double[] Features(int machines, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(machines, 1);
        return [1.0, fraction / machines, Math.Log(machines), machines];
    }

    /// <summary>
    /// Fits the model by NNLS on <paramref name="points"/> and cross-validates it (leave one out). Fewer points than
    /// features is a <see cref="HemingwayException"/> naming both counts; <paramref name="source"/>, if given, prefixes
    /// the message (a file name).
    /// </summary>
    public static ErnestModel Fit(IReadOnlyList<ErnestPoint> points, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var prefix = source is null ? "" : source + ": ";
        if (points.Count < FeatureCount)
        {
            throw new HemingwayException(
                $"{prefix}Ernest's model has {FeatureCount} features ({string.Join(", ", FeatureNames)}) and needs at least " +
                $"{FeatureCount} points to fit them, got {points.Count}");
        }

        foreach (var point in points)
        {
            if (point.Machines < 1 || !(point.Fraction > 0) || !double.IsFinite(point.Fraction) ||
                !(point.Seconds > 0) || !double.IsFinite(point.Seconds))
            {
                throw new HemingwayException(
                    $"{prefix}bad point (machines {point.Machines}, fraction {point.Fraction.ToString(CultureInfo.InvariantCulture)}, " +
                    $"seconds {point.Seconds.ToString(CultureInfo.InvariantCulture)}): machines must be ≥ 1, fraction and seconds positive");
            }
        }

        var copy = points.ToArray();
        var fit = Solve(copy, skip: -1);
        var range = new ErnestTrainingRange(
            copy.Length,
            copy.Min(p => p.Machines),
            copy.Max(p => p.Machines),
            copy.Min(p => p.Fraction),
            copy.Max(p => p.Fraction));
        return new ErnestModel(fit.X, fit.ResidualNorm, range, CrossValidate(copy), copy);
    }

    /// <summary>Predicted seconds per iteration on <paramref name="machines"/> machines with data fraction <paramref name="fraction"/>.</summary>
    public double Predict(int machines, double fraction) => Evaluate(_theta, machines, fraction);

    /// <summary>Predicted / measured seconds for every training point, in order (what Ernest's predictor prints).</summary>
    public IReadOnlyList<double> TrainingRatios() =>
        Array.ConvertAll(_points, p => Predict(p.Machines, p.Fraction) / p.Seconds);

    /// <summary>The model as the JSON text of a model file.</summary>
    public string ToJson()
    {
        var file = new ModelFile(
            Kind,
            Formula,
            [.. FeatureNames],
            [.. _theta],
            ResidualNorm,
            TrainingRange,
            CrossValidation is null
                ? null
                : new CrossValidationFile(CrossValidation.Method, CrossValidation.MedianRelativeError, CrossValidation.MaxRelativeError, [.. CrossValidation.RelativeErrors]),
            [.. _points.Select(p => new PointFile(p.Machines, p.Fraction, p.Seconds))]);
        return JsonSerializer.Serialize(file, FileOptions);
    }

    /// <summary>Writes the model file to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            File.WriteAllText(path, ToJson() + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HemingwayException($"{path}: cannot write the model ({e.Message})", e);
        }
    }

    /// <summary>Reads a model file written by <see cref="Save"/>.</summary>
    public static ErnestModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HemingwayException($"{path}: no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HemingwayException($"{path}: cannot read it ({e.Message})", e);
        }

        return FromJson(json, path);
    }

    /// <summary>Parses the JSON text of a model file; <paramref name="source"/> names it in error messages.</summary>
    public static ErnestModel FromJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ModelFile>(json, FileOptions);
        }
        catch (JsonException e)
        {
            throw new HemingwayException($"{source}: not an Ernest model file ({OneLine(e.Message)})", e);
        }

        if (file is null)
        {
            throw new HemingwayException($"{source}: not an Ernest model file (it is JSON null)");
        }

        if (file.Model != Kind)
        {
            throw new HemingwayException($"{source}: not an Ernest model file (\"model\" is '{file.Model}', expected '{Kind}')");
        }

        if (file.Features is null || !file.Features.SequenceEqual(FeatureNames))
        {
            throw new HemingwayException(
                $"{source}: \"features\" must be [{string.Join(", ", FeatureNames.Select(f => $"\"{f}\""))}]");
        }

        if (file.Coefficients is null || file.Coefficients.Length != FeatureCount || file.Coefficients.Any(c => !double.IsFinite(c)))
        {
            throw new HemingwayException($"{source}: \"coefficients\" must be {FeatureCount} finite numbers, one per feature");
        }

        if (file.TrainingRange is null)
        {
            throw new HemingwayException($"{source}: \"training_range\" is missing");
        }

        var points = (file.Points ?? []).Select(p => new ErnestPoint(p.Machines, p.Fraction, p.Seconds)).ToArray();
        if (points.Any(p => p.Machines < 1 || !(p.Fraction > 0) || !(p.Seconds > 0)))
        {
            throw new HemingwayException($"{source}: \"points\" must have machines ≥ 1 and positive fraction and seconds");
        }

        var crossValidation = file.CrossValidation is { } cv
            ? new ErnestCrossValidation(cv.Method ?? LeaveOneOut, cv.MedianRelativeError, cv.MaxRelativeError, cv.RelativeErrors ?? [])
            : null;
        return new ErnestModel((double[])file.Coefficients.Clone(), file.ResidualNorm, file.TrainingRange, crossValidation, points);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static double Evaluate(double[] theta, int machines, double fraction)
    {
        var features = Features(machines, fraction);
        var seconds = 0.0;
        for (var j = 0; j < FeatureCount; j++)
        {
            seconds += theta[j] * features[j];
        }

        return seconds;
    }

    /// <summary>NNLS on every point but <paramref name="skip"/> (−1: all of them).</summary>
    private static NnlsResult Solve(ErnestPoint[] points, int skip)
    {
        var rows = skip < 0 ? points.Length : points.Length - 1;
        var a = new double[rows, FeatureCount];
        var b = new double[rows];
        var r = 0;
        for (var i = 0; i < points.Length; i++)
        {
            if (i == skip)
            {
                continue;
            }

            var features = Features(points[i].Machines, points[i].Fraction);
            for (var j = 0; j < FeatureCount; j++)
            {
                a[r, j] = features[j];
            }

            b[r++] = points[i].Seconds;
        }

        return Nnls.Solve(a, b);
    }

    private static ErnestCrossValidation CrossValidate(ErnestPoint[] points)
    {
        var errors = new double[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var theta = Solve(points, skip: i).X;
            var predicted = Evaluate(theta, points[i].Machines, points[i].Fraction);
            errors[i] = Math.Abs(predicted - points[i].Seconds) / points[i].Seconds;
        }

        var sorted = errors.Order().ToArray();
        var half = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
        return new ErnestCrossValidation(LeaveOneOut, median, sorted[^1], errors);
    }

    private sealed record ModelFile(
        string? Model,
        string? Formula,
        string[]? Features,
        double[]? Coefficients,
        double ResidualNorm,
        ErnestTrainingRange? TrainingRange,
        CrossValidationFile? CrossValidation,
        PointFile[]? Points);

    private sealed record CrossValidationFile(
        string? Method,
        double MedianRelativeError,
        double MaxRelativeError,
        double[]? RelativeErrors);

    private sealed record PointFile(
        [property: JsonRequired] int Machines,
        [property: JsonRequired] double Fraction,
        [property: JsonRequired] double Seconds);
}
