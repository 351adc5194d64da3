using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hemingway.Modeling.Regression;

// Times LassoCV.Fit on a CSV whose header names the features and whose last column is y. Prints one JSON object: the
// seconds of the first (cold) fit and the median of --repeats further fits (fit only: no process start, no CSV
// reading), the design size and the fitted state, so that the race script can compare it with scikit-learn's.
//
//   dotnet run -c Release --project bench/Hemingway.LassoBench -- FILE.csv [--tol 1e-4] [--max-iter 1000]
//       [--alphas 100] [--eps 1e-3] [--folds 5] [--repeats 5] [--no-standardize]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Hemingway.LassoBench FILE.csv [--tol T] [--max-iter N] [--alphas K] [--eps E] [--folds F] [--repeats R] [--no-standardize]");
    return 2;
}

var settings = new Dictionary<string, string>();
var standardize = true;
for (var a = 1; a < args.Length; a++)
{
    if (args[a] == "--no-standardize")
    {
        standardize = false;
    }
    else
    {
        settings[args[a]] = args[++a];
    }
}

double Number(string name, double fallback) =>
    settings.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

var lines = File.ReadAllLines(args[0]).Skip(1).Where(line => line.Length > 0).ToArray();
var rows = lines.Length;
var columns = lines[0].Split(',').Length - 1;
var x = new double[rows, columns];
var y = new double[rows];
for (var i = 0; i < rows; i++)
{
    var cells = lines[i].Split(',');
    for (var j = 0; j < columns; j++)
    {
        x[i, j] = double.Parse(cells[j], CultureInfo.InvariantCulture);
    }

    y[i] = double.Parse(cells[columns], CultureInfo.InvariantCulture);
}

var options = new LassoCVOptions(
    Alphas: (int)Number("--alphas", 100),
    Epsilon: Number("--eps", 1e-3),
    Folds: (int)Number("--folds", 5),
    Standardize: standardize,
    Lasso: new LassoOptions(Tolerance: Number("--tol", 1e-4), MaxIterations: (int)Number("--max-iter", 1000)));
var repeats = (int)Number("--repeats", 5);

var clock = Stopwatch.StartNew();
var fit = LassoCV.Fit(x, y, options);
var cold = clock.Elapsed.TotalSeconds;
var times = new List<double>();
for (var r = 0; r < repeats; r++)
{
    clock.Restart();
    fit = LassoCV.Fit(x, y, options);
    times.Add(clock.Elapsed.TotalSeconds);
}

times.Sort();
var median = times.Count == 0 ? cold : times[times.Count / 2];
Console.WriteLine(JsonSerializer.Serialize(new
{
    rows,
    features = columns,
    cold_seconds = cold,
    seconds = median,
    alpha = fit.Alpha,
    coef = fit.Coefficients,
    intercept = fit.Intercept,
    n_iter = fit.Iterations,
    dual_gap = fit.DualGap,
    cv_mse = fit.CrossValidatedMse,
}));
return 0;
