using System.Globalization;
using System.Text.Json;
using Hemingway.Core;
using Hemingway.Modeling.SystemModel;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Modeling.Tests.SystemModel;

/// <summary>Ernest's system model on its published RCV1 example, against what Ernest's predictor.py computes.</summary>
public sealed class ErnestModelTests
{
    /// <summary>
    /// Ernest's predictor, reduced to its method: read the CSV its way (skip '#' lines), features [1, s/m, m, log m]
    /// (its order), scipy's nnls, predictions for the given machines at fraction 1.0, training ratios, and leave-one-out
    /// relative errors by the same method. Prints JSON.
    /// </summary>
    private const string ErnestPredictor = """
        import json, sys
        import numpy as np
        from scipy.optimize import nnls
        rows = []
        for line in open(sys.argv[1]):
            if line.strip() == "" or line[0] == '#':
                continue
            parts = line.strip().split(',')
            rows.append([int(parts[0]), float(parts[1]), float(parts[2])])
        def features(mc, scale):
            return [1.0, float(scale) / float(mc), float(mc), np.log(mc)]
        def fit(data):
            return nnls(np.array([features(r[0], r[1]) for r in data]), np.array([r[2] for r in data]))
        theta, rnorm = fit(rows)
        machines = [int(v) for v in sys.argv[2].split(',')]
        predictions = [float(np.array(features(m, 1.0)).dot(theta)) for m in machines]
        ratios = [float(np.array(features(r[0], r[1])).dot(theta) / r[2]) for r in rows]
        loo = []
        for i in range(len(rows)):
            t, _ = fit(rows[:i] + rows[i + 1:])
            loo.append(float(abs(np.array(features(rows[i][0], rows[i][1])).dot(t) - rows[i][2]) / rows[i][2]))
        # Ernest's order [1, s/m, m, log m] -> ours [1, s/m, log m, m].
        print(json.dumps({"theta": [float(theta[0]), float(theta[1]), float(theta[3]), float(theta[2])], "rnorm": float(rnorm),
                          "predictions": predictions, "ratios": ratios, "loo": loo,
                          "loo_median": float(np.median(loo)), "loo_max": float(max(loo))}))
        """;

    private static readonly int[] Machines = [4, 8, 16, 32, 64];

    [Fact]
    public void The_fixture_gives_the_theta_and_predictions_of_ernests_predictor()
    {
        var model = ErnestModel.Fit(ErnestCsv.Read(ReferencePaths.ErnestFixture));
        using var reference = JsonDocument.Parse(PythonReference.Run(ErnestPredictor, ReferencePaths.ErnestFixture, string.Join(',', Machines)));
        var root = reference.RootElement;

        var theta = Numbers(root, "theta");
        for (var j = 0; j < 4; j++)
        {
            Assert.True(Math.Abs(model.Theta[j] - theta[j]) <= 1e-8 * Math.Max(1, Math.Abs(theta[j])), $"θ{j} = {model.Theta[j]:R}, Ernest {theta[j]:R}");
        }

        Assert.Equal(root.GetProperty("rnorm").GetDouble(), model.ResidualNorm, 1e-10);

        var predictions = Numbers(root, "predictions");
        for (var k = 0; k < Machines.Length; k++)
        {
            Assert.Equal(predictions[k], model.Predict(Machines[k], 1.0), 1e-8);
        }

        var ratios = Numbers(root, "ratios");
        Assert.Equal(ratios.Length, model.TrainingRatios().Count);
        for (var i = 0; i < ratios.Length; i++)
        {
            Assert.Equal(ratios[i], model.TrainingRatios()[i], 1e-10);
        }

        // The numbers Ernest's README shows for this file: 16.4412832993 s on 16 machines, 12.4735312069 on 32, 11.040126181 on 64.
        Assert.Equal(16.4412832993, model.Predict(16, 1.0), 1e-9);
        Assert.Equal(12.4735312069, model.Predict(32, 1.0), 1e-9);
        Assert.Equal(11.040126181, model.Predict(64, 1.0), 1e-8);

        var cv = model.CrossValidation!;
        Assert.Equal("leave_one_out", cv.Method);
        var loo = Numbers(root, "loo");
        for (var i = 0; i < loo.Length; i++)
        {
            Assert.Equal(loo[i], cv.RelativeErrors[i], 1e-8);
        }

        Assert.Equal(root.GetProperty("loo_median").GetDouble(), cv.MedianRelativeError, 1e-8);
        Assert.Equal(root.GetProperty("loo_max").GetDouble(), cv.MaxRelativeError, 1e-8);

        Assert.Equal(new ErnestTrainingRange(7, 4, 32, 0.015625, 0.125), model.TrainingRange);
    }

    [Fact]
    public void A_model_survives_saving_and_loading()
    {
        var model = ErnestModel.Fit(ErnestCsv.Read(ReferencePaths.ErnestFixture));
        var file = Path.GetTempFileName();
        try
        {
            model.Save(file);
            var loaded = ErnestModel.Load(file);
            Assert.Equal(model.Theta, loaded.Theta);
            Assert.Equal(model.ResidualNorm, loaded.ResidualNorm);
            Assert.Equal(model.TrainingRange, loaded.TrainingRange);
            Assert.Equal(model.CrossValidation!.MedianRelativeError, loaded.CrossValidation!.MedianRelativeError);
            Assert.Equal(model.CrossValidation.RelativeErrors, loaded.CrossValidation.RelativeErrors);
            Assert.Equal(model.Points, loaded.Points);
            foreach (var machines in Machines)
            {
                Assert.Equal(model.Predict(machines, 1.0), loaded.Predict(machines, 1.0));
            }

            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            Assert.Equal("ernest", root.GetProperty("model").GetString());
            Assert.Equal(["1", "s/m", "log(m)", "m"], root.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal(4, root.GetProperty("coefficients").GetArrayLength());
            Assert.Equal(4, root.GetProperty("training_range").GetProperty("min_machines").GetInt32());
            Assert.Equal(32, root.GetProperty("training_range").GetProperty("max_machines").GetInt32());
            Assert.Equal(0.125, root.GetProperty("training_range").GetProperty("max_fraction").GetDouble());
            Assert.True(root.GetProperty("cross_validation").GetProperty("max_relative_error").GetDouble() > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("{", "not an Ernest model file")]
    [InlineData("""{"model": "lasso"}""", "\"model\" is 'lasso'")]
    [InlineData("""{"model": "ernest", "features": ["1", "m"], "coefficients": [1, 2]}""", "\"features\" must be")]
    [InlineData("""{"model": "ernest", "features": ["1", "s/m", "log(m)", "m"], "coefficients": [1, 2]}""", "\"coefficients\" must be 4")]
    public void A_bad_model_file_is_a_one_line_error(string json, string fragment)
    {
        var e = Assert.Throws<HemingwayException>(() => ErnestModel.FromJson(json, "model.json"));
        Assert.StartsWith("model.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Fewer_points_than_features_is_an_error_naming_both_counts()
    {
        ErnestPoint[] points = [new(1, 0.1, 5), new(2, 0.1, 4), new(4, 0.2, 3)];
        var e = Assert.Throws<HemingwayException>(() => ErnestModel.Fit(points, "few.csv"));
        Assert.Equal(
            "few.csv: Ernest's model has 4 features (1, s/m, log(m), m) and needs at least 4 points to fit them, got 3",
            e.Message);
    }

    [Fact]
    public void A_model_with_known_coefficients_is_recovered()
    {
        double[] theta = [1.5, 40, 0.7, 0.02];
        var points = new List<ErnestPoint>();
        foreach (var machines in new[] { 1, 2, 4, 8, 16 })
        {
            foreach (var fraction in new[] { 0.1, 0.5 })
            {
                var f = ErnestModel.Features(machines, fraction);
                points.Add(new ErnestPoint(machines, fraction, f.Zip(theta, (a, b) => a * b).Sum()));
            }
        }

        var model = ErnestModel.Fit(points);
        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(theta[j], model.Theta[j], 1e-9);
        }

        Assert.True(model.ResidualNorm < 1e-10);
        Assert.True(model.CrossValidation!.MaxRelativeError < 1e-9);
        Assert.All(model.TrainingRatios(), r => Assert.Equal(1, r, 1e-12));
        Assert.Equal((1.5 + (40 * 1.0 / 32) + (0.7 * Math.Log(32)) + (0.02 * 32)).ToString("G12", CultureInfo.InvariantCulture),
            model.Predict(32, 1.0).ToString("G12", CultureInfo.InvariantCulture));
    }

    private static double[] Numbers(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
