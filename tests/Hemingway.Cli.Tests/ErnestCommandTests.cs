using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hemingway.Testing;
using Xunit;

namespace Hemingway.Cli.Tests;

/// <summary>
/// <c>hemingway ernest fit|predict|design</c> end to end on Ernest's published RCV1 example: the same θ, ratios and
/// predictions as Ernest's predictor.py method (scipy's nnls on its features), the design that produced that example,
/// and one-line errors for bad input.
/// </summary>
public sealed partial class ErnestCommandTests : IDisposable
{
    /// <summary>predictor.py's method: features [1, s/m, m, log m], scipy's nnls; θ printed in our order [1, s/m, log m, m].</summary>
    private const string ErnestPredictor = """
        import json, sys
        import numpy as np
        from scipy.optimize import nnls
        rows = [l.strip().split(',') for l in open(sys.argv[1]) if l.strip() and l[0] != '#']
        rows = [(int(r[0]), float(r[1]), float(r[2])) for r in rows]
        f = lambda m, s: [1.0, s / m, float(m), np.log(m)]
        theta, _ = nnls(np.array([f(m, s) for m, s, t in rows]), np.array([t for m, s, t in rows]))
        print(json.dumps({"theta": [theta[0], theta[1], theta[3], theta[2]],
                          "ratios": [float(np.dot(f(m, s), theta) / t) for m, s, t in rows],
                          "predictions": [float(np.dot(f(m, 1.0), theta)) for m in [4, 8, 16, 32, 64]]}))
        """;

    private readonly TempFolder _folder = new();

    private static string Fixture
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Hemingway.slnx")))
                {
                    var path = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "fixtures", "ernest-rcv1.csv"));
                    return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing");
                }
            }

            throw new InvalidOperationException($"no Hemingway.slnx above {AppContext.BaseDirectory}");
        }
    }

    [Fact]
    public async Task Fit_json_gives_ernests_theta_ratios_and_predictions()
    {
        var result = await CliProcess.RunAsync("ernest", "fit", "--csv", Fixture, "--machines", "4,8,16,32,64", "--json");

        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var root = json.RootElement;
        using var reference = JsonDocument.Parse(PythonReference.Run(ErnestPredictor, Fixture));
        var expected = reference.RootElement;

        AssertClose(Numbers(expected, "theta"), Numbers(root, "theta"), 1e-8, "theta");
        AssertClose(Numbers(expected, "ratios"), Numbers(root, "ratios"), 1e-10, "ratios");
        var predictions = root.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal([4, 8, 16, 32, 64], predictions.Select(p => p.GetProperty("machines").GetInt32()));
        Assert.All(predictions, p => Assert.Equal(1.0, p.GetProperty("fraction").GetDouble()));
        AssertClose(Numbers(expected, "predictions"), predictions.Select(p => p.GetProperty("seconds").GetDouble()).ToArray(), 1e-8, "predictions");

        Assert.Equal(["1", "s/m", "log(m)", "m"], root.GetProperty("features").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(7, root.GetProperty("points").GetInt32());
        var cv = root.GetProperty("cross_validation");
        Assert.InRange(cv.GetProperty("median_relative_error").GetDouble(), 0, cv.GetProperty("max_relative_error").GetDouble());
        Assert.Equal(32, root.GetProperty("training_range").GetProperty("max_machines").GetInt32());
    }

    [Fact]
    public async Task Fit_prints_theta_and_ernests_prediction_ratios_line()
    {
        var result = await CliProcess.RunAsync("ernest", "fit", "--csv", Fixture);

        CliAssert.Success(result);
        Assert.Contains("Prediction ratios are 101.17%, 100.32%, 101.9%, 97.19%, 98.33%, 100.1%, 101.37%", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("theta: [1.90012687, 162.1982123, 1.588323622, 0]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Leave-one-out relative error: median", result.Stdout, StringComparison.Ordinal);

        // predictor.py's own table: 4, 8, …, 60 machines at fraction 1.0; its README shows 16.4412832993 s on 16.
        Assert.Contains("16.4412833", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("│       60 │", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_from_a_saved_model_equals_predict_from_the_csv()
    {
        var model = _folder.File("model.json");
        var fit = await CliProcess.RunAsync("ernest", "fit", "--csv", Fixture, "--out", model, "--json");
        CliAssert.Success(fit);
        Assert.True(File.Exists(model), $"{model} was not written\n{fit}");

        var fromModel = await CliProcess.RunAsync("ernest", "predict", "--model", model, "--machines", "4,8", "--fraction", "1.0", "--json");
        var fromCsv = await CliProcess.RunAsync("ernest", "predict", "--csv", Fixture, "--machines", "4,8", "--fraction", "1.0", "--json");
        CliAssert.Success(fromModel);
        CliAssert.Success(fromCsv);
        using var a = RunTests.ParseSingleObject(fromModel);
        using var b = RunTests.ParseSingleObject(fromCsv);
        var predictions = a.RootElement.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(2, predictions.Length);
        Assert.Equal(4, predictions[0].GetProperty("machines").GetInt32());
        Assert.Equal(8, predictions[1].GetProperty("machines").GetInt32());
        Assert.Equal(1.0, predictions[0].GetProperty("fraction").GetDouble());
        Assert.Equal(44.65156401660509, predictions[0].GetProperty("seconds").GetDouble(), 1e-8);
        Assert.Equal(25.477729524853995, predictions[1].GetProperty("seconds").GetDouble(), 1e-8);
        Assert.Equal(
            b.RootElement.GetProperty("predictions").GetRawText(),
            a.RootElement.GetProperty("predictions").GetRawText());

        using var saved = JsonDocument.Parse(File.ReadAllText(model));
        using var fitted = RunTests.ParseSingleObject(fit);
        Assert.Equal("ernest", saved.RootElement.GetProperty("model").GetString());
        Assert.Equal(Numbers(fitted.RootElement, "theta"), Numbers(saved.RootElement, "coefficients"));
        Assert.Equal(model, fitted.RootElement.GetProperty("model_file").GetString());
    }

    [Fact]
    public async Task Design_with_the_rcv1_options_chooses_the_points_of_ernests_rcv1_example()
    {
        // examples/mllib_rcv1.md: expt_design.py --min-parts 4 --max-parts 32 --total-parts 256 --min-mcs 1 --max-mcs 8
        // --cores-per-mc 4, whose chosen points are the rows (cores, fraction) of ernest-rcv1.csv.
        var result = await CliProcess.RunAsync(
            "ernest", "design", "--min-parts", "4", "--max-parts", "32", "--total-parts", "256",
            "--min-mcs", "1", "--max-mcs", "8", "--cores-per-mc", "4", "--json");

        CliAssert.Success(result);
        using var json = RunTests.ParseSingleObject(result);
        var root = json.RootElement;
        var chosen = root.GetProperty("points").EnumerateArray()
            .Select(p => (Cores: p.GetProperty("cores").GetInt32(), Fraction: Math.Round(p.GetProperty("fraction").GetDouble(), 6)))
            .OrderBy(p => p.Cores).ThenBy(p => p.Fraction).ToArray();
        var fixture = File.ReadLines(Fixture).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(','))
            .Select(f => (Cores: int.Parse(f[0], CultureInfo.InvariantCulture), Fraction: double.Parse(f[1], CultureInfo.InvariantCulture)))
            .OrderBy(p => p.Cores).ThenBy(p => p.Fraction).ToArray();
        Assert.Equal(fixture, chosen);

        Assert.Equal(83, root.GetProperty("candidates").GetInt32());
        Assert.Equal(10.0, root.GetProperty("budget").GetDouble());
        Assert.True(root.GetProperty("cost").GetDouble() <= 10.0 * (1 + 1e-12));
        Assert.All(root.GetProperty("points").EnumerateArray(), p => Assert.InRange(p.GetProperty("weight").GetDouble(), 0.3, 1.0));
    }

    [Fact]
    public async Task Design_prints_a_table_of_the_chosen_points()
    {
        var result = await CliProcess.RunAsync(
            "ernest", "design", "--min-parts", "4", "--max-parts", "32", "--total-parts", "256", "--max-machines", "8", "--cores-per-machine", "4");

        CliAssert.Success(result);
        Assert.Contains("│        8 │    32 │ 0.125000 │         32 │ 1.000000 │", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("7 of 83 candidate points chosen", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-number", "4,0.5,1\n8,abc,2\n", "bad-number.csv:2: column 'fraction': value 'abc' is not a number")]
    [InlineData("missing-column", "# m,s,t\n4,0.5\n", "missing-column.csv:2: column 'time': missing")]
    [InlineData("zero-machines", "0,0.5,1\n", "zero-machines.csv:1: column 'machines': value '0' is not a positive number of machines")]
    [InlineData("too-few", "4,0.5,1\n8,0.5,2\n16,0.5,3\n", "Ernest's model has 4 features (1, s/m, log(m), m) and needs at least 4 points to fit them, got 3")]
    public async Task A_bad_csv_is_one_line_and_exit_code_2(string name, string contents, string message)
    {
        var csv = _folder.Write(name + ".csv", contents);

        var fit = await CliProcess.RunAsync("ernest", "fit", "--csv", csv);
        var predict = await CliProcess.RunAsync("ernest", "predict", "--csv", csv, "--json");

        CliAssert.BadInput(fit, message, csv);
        CliAssert.BadInput(predict, message, csv);
    }

    [Theory]
    [InlineData("predict --machines 4", "give --csv FILE")]
    [InlineData("predict --csv CSV --machines 4,x", "--machines: value 'x' is not a positive whole number")]
    [InlineData("predict --csv CSV --fraction -1", "--fraction: value '-1' is not a positive number")]
    [InlineData("predict --model MISSING", "no such file")]
    [InlineData("predict --model CSV", "not an Ernest model file")]
    [InlineData("design --min-parts 4 --max-parts 32", "--total-parts")]
    [InlineData("design --min-parts 4 --max-parts 32 --total-parts 16", "--total-parts (16) must be at least --max-parts (32)")]
    [InlineData("design --min-parts 4 --max-parts 32 --total-parts 256 --min-machines 4 --max-machines 4", "cannot determine the model's 4 coefficients")]
    [InlineData("design --min-parts 1 --max-parts 2 --total-parts 256 --min-machines 2", "no candidate points")]
    [InlineData("design --min-parts 4 --max-parts 32 --total-parts 256 --budget 0", "--budget must be a positive number")]
    public async Task Bad_options_are_one_line_and_exit_code_2(string arguments, string fragment)
    {
        var args = arguments.Split(' ')
            .Select(a => a switch { "CSV" => Fixture, "MISSING" => _folder.File("missing.json"), _ => a })
            .Prepend("ernest")
            .ToArray();

        var result = await CliProcess.RunAsync(args);

        CliAssert.BadInput(result, fragment);
    }

    [Theory]
    [InlineData("ernest", "")]
    [InlineData("ernest fit", "--csv --out --machines --fraction --json")]
    [InlineData("ernest predict", "--csv --model --machines --fraction --json")]
    [InlineData("ernest design", "--min-parts --max-parts --total-parts --min-machines --max-machines --cores-per-machine --budget --num-parts-interpolate --json")]
    public async Task Every_option_says_its_default(string command, string expectedOptions)
    {
        var result = await CliProcess.RunAsync([.. command.Split(' '), "--help"]);

        CliAssert.Success(result);
        Assert.True(result.Stdout.Contains($"hemingway {command} [", StringComparison.Ordinal), $"not the help of '{command}'\n{result}");
        var lines = result.StdoutLines.ToList();
        var start = lines.FindIndex(line => line.TrimEnd() == "Options:");
        Assert.True(start >= 0, $"no Options: section\n{result}");
        var options = new Dictionary<string, string>();
        string? current = null;
        for (var i = start + 1; i < lines.Count && lines[i].Trim().Length > 0; i++)
        {
            if (lines[i].StartsWith("  -", StringComparison.Ordinal))
            {
                current = lines[i].StartsWith("  --", StringComparison.Ordinal) ? lines[i].Trim().Split(' ', 2)[0].TrimEnd(',') : null;
                if (current is not null)
                {
                    options[current] = lines[i].Trim();
                }
            }
            else if (current is not null)
            {
                options[current] += " " + lines[i].Trim();
            }
        }

        foreach (var name in expectedOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(options.ContainsKey(name), $"the help does not list {name}\n{result}");
        }

        foreach (var (name, line) in options.Where(o => o.Key is not "--help" and not "--version"))
        {
            Assert.True(
                DefaultNote().IsMatch(line) || line.Contains("(REQUIRED)", StringComparison.Ordinal),
                $"option {name} does not say its default:\n  {line}\n{result}");
        }
    }

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"\[default: |\(default: |\([^()]*; default: [^()]*\)")]
    private static partial Regex DefaultNote();

    private static double[] Numbers(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R}");
        }
    }
}
