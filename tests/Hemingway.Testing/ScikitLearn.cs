using System.Globalization;
using Hemingway.Core.Data;

namespace Hemingway.Testing;

/// <summary>
/// LIBLINEAR's hinge-loss solver (-s 3) through scikit-learn's LinearSVC, which vendors the same LIBLINEAR code but,
/// unlike Debian's liblinear-train 2.3.0, lets the iteration cap (1000, "reaching max number of iterations") be lifted.
/// </summary>
public static class ScikitLearn
{
    private const string LinearSvcScript = """
        import sys
        import numpy as np
        from sklearn.datasets import load_svmlight_file
        from sklearn.svm import LinearSVC
        X, y = load_svmlight_file(sys.argv[1], n_features=int(sys.argv[2]))
        lam, tol = float(sys.argv[3]), float(sys.argv[4])
        model = LinearSVC(loss="hinge", dual=True, C=1.0 / (lam * X.shape[0]), fit_intercept=False, tol=tol, max_iter=10**8)
        model.fit(X, y)
        w = model.coef_.ravel() * (1.0 if model.classes_[1] == 1 else -1.0)
        print(" ".join(repr(float(v)) for v in w))
        """;

    /// <summary>LIBLINEAR's L1-loss SVM w (no bias) for regularisation λ, with C = 1/(λn).</summary>
    public static double[] LinearSvcWeights(Dataset data, double lambda, double tolerance)
    {
        var folder = Directory.CreateTempSubdirectory("hemingway-sklearn-");
        try
        {
            var input = Path.Combine(folder.FullName, "data.svm");
            LibSvmWriter.Write(data, input);
            var output = PythonReference.Run(
                LinearSvcScript,
                input,
                data.Dimension.ToString(CultureInfo.InvariantCulture),
                lambda.ToString("R", CultureInfo.InvariantCulture),
                tolerance.ToString("R", CultureInfo.InvariantCulture));
            return PythonReference.Numbers(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
