using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hemingway.Testing;

namespace Hemingway.Modeling.Tests.Regression;

/// <summary>scikit-learn 1.2.1's LassoCV fitted on a design (cv given as explicit KFold or GroupKFold splits).</summary>
internal sealed record LassoCVReference(
    double Alpha, double[] Alphas, double[] Coef, double Intercept, double[][] MsePath, int NIter, double DualGap);

/// <summary>scikit-learn's Lasso at one alpha.</summary>
internal sealed record LassoReference(double[] Coef, double Intercept, int NIter, double DualGap);

/// <summary>
/// Runs scikit-learn (Debian's, through <see cref="PythonReference"/>) on designs written to temporary CSV files
/// (round-trip formatted, so it reads the very same doubles), several cases per Python process.
/// </summary>
internal static class ScikitLearnLasso
{
    private const string Script = """
        import json, sys, warnings
        import numpy as np
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import Lasso, LassoCV
        from sklearn.model_selection import GroupKFold, KFold
        warnings.simplefilter("ignore", ConvergenceWarning)

        out = {}
        for case in json.load(open(sys.argv[1])):
            kind, name = case["kind"], case["name"]
            if kind == "argsort":
                out[name] = [np.argsort(np.array(a, dtype=np.int64), kind=case["sort"]).tolist() for a in case["arrays"]]
                continue
            if kind == "kfold":
                out[name] = [test.tolist() for _, test in KFold(case["folds"]).split(np.zeros((case["rows"], 1)))]
                continue
            data = np.loadtxt(case["csv"], delimiter=",", ndmin=2)
            X, y = data[:, :-1], data[:, -1]
            groups = case.get("groups")
            if kind == "groupkfold":
                out[name] = [test.tolist() for _, test in GroupKFold(case["folds"]).split(X, y, groups)]
            elif kind == "lassocv":
                splitter = KFold(case["folds"]) if groups is None else GroupKFold(case["folds"])
                cv = list(splitter.split(X, y, groups))
                m = LassoCV(cv=cv, n_alphas=case["n_alphas"], eps=case["eps"], tol=case["tol"],
                            max_iter=case["max_iter"], fit_intercept=True).fit(X, y)
                out[name] = dict(alpha=m.alpha_, alphas=m.alphas_.tolist(), coef=m.coef_.tolist(),
                                 intercept=float(m.intercept_), mse=m.mse_path_.tolist(), n_iter=int(m.n_iter_),
                                 dual_gap=float(m.dual_gap_))
            elif kind == "lasso":
                fits = []
                for alpha in case["alphas"]:
                    m = Lasso(alpha=alpha, tol=case["tol"], max_iter=case["max_iter"],
                              fit_intercept=case["fit_intercept"]).fit(X, y)
                    fits.append(dict(coef=m.coef_.tolist(), intercept=float(m.intercept_), n_iter=int(m.n_iter_),
                                     dual_gap=float(m.dual_gap_)))
                out[name] = fits
        print(json.dumps(out))
        """;

    /// <summary>Runs the cases (JSON objects with kind, name and the fields above; "design" is written as "csv").</summary>
    public static JsonObject Run(IEnumerable<(JsonObject Case, double[,]? X, double[]? Y)> cases)
    {
        var directory = Directory.CreateTempSubdirectory("hemingway-lasso-");
        try
        {
            var list = new JsonArray();
            var index = 0;
            foreach (var (spec, x, y) in cases)
            {
                if (x is not null && y is not null)
                {
                    var path = Path.Combine(directory.FullName, $"case{index++}.csv");
                    WriteCsv(path, x, y);
                    spec["csv"] = path;
                }

                list.Add(spec);
            }

            var specPath = Path.Combine(directory.FullName, "cases.json");
            File.WriteAllText(specPath, list.ToJsonString());
            return JsonNode.Parse(PythonReference.Run(Script, specPath))!.AsObject();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static LassoCVReference ParseLassoCV(JsonNode node) => new(
        node["alpha"]!.GetValue<double>(),
        Doubles(node["alphas"]!),
        Doubles(node["coef"]!),
        node["intercept"]!.GetValue<double>(),
        node["mse"]!.AsArray().Select(row => Doubles(row!)).ToArray(),
        node["n_iter"]!.GetValue<int>(),
        node["dual_gap"]!.GetValue<double>());

    public static LassoReference[] ParseLasso(JsonNode node) =>
        node.AsArray().Select(fit => new LassoReference(
            Doubles(fit!["coef"]!),
            fit["intercept"]!.GetValue<double>(),
            fit["n_iter"]!.GetValue<int>(),
            fit["dual_gap"]!.GetValue<double>())).ToArray();

    public static double[] Doubles(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    public static int[] Ints(JsonNode node) => node.AsArray().Select(v => v!.GetValue<int>()).ToArray();

    private static void WriteCsv(string path, double[,] x, double[] y)
    {
        var text = new StringBuilder();
        for (var i = 0; i < y.Length; i++)
        {
            for (var j = 0; j < x.GetLength(1); j++)
            {
                text.Append(x[i, j].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(y[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>A case object for <see cref="Run"/>.</summary>
    public static JsonObject Case(string kind, string name, object fields)
    {
        var spec = JsonSerializer.SerializeToNode(fields)!.AsObject();
        spec["kind"] = kind;
        spec["name"] = name;
        return spec;
    }
}
