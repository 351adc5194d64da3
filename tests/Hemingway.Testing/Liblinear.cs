using System.Diagnostics;
using System.Globalization;
using Hemingway.Core.Data;

namespace Hemingway.Testing;

/// <summary>
/// Runs the real LIBLINEAR (Debian's liblinear-tools, installed by scripts/setup.sh) on a dataset and reads the weight
/// vector back from its model file. LIBLINEAR solves ½‖w‖² + C Σ φ, the same minimiser as ours when C = 1/(λn).
/// </summary>
public static class Liblinear
{
    public const string Train = "/usr/bin/liblinear-train";

    /// <summary>liblinear-train -s 7: L2-regularised logistic regression, solved in the dual.</summary>
    public const int LogisticDual = 7;

    /// <summary>LIBLINEAR's w for the problem with regularisation λ on <paramref name="data"/>.</summary>
    public static double[] TrainWeights(Dataset data, int solver, double lambda, double epsilon)
    {
        if (!File.Exists(Train))
        {
            throw new InvalidOperationException($"{Train} is missing: run scripts/setup.sh (it installs liblinear-tools)");
        }

        var folder = Directory.CreateTempSubdirectory("hemingway-liblinear-");
        try
        {
            var input = Path.Combine(folder.FullName, "data.svm");
            var model = Path.Combine(folder.FullName, "data.model");
            LibSvmWriter.Write(data, input);
            var c = 1.0 / (lambda * data.Rows);
            var start = new ProcessStartInfo(Train)
            {
                ArgumentList =
                {
                    "-s", solver.ToString(CultureInfo.InvariantCulture),
                    "-c", c.ToString("R", CultureInfo.InvariantCulture),
                    "-e", epsilon.ToString("R", CultureInfo.InvariantCulture),
                    "-q", input, model,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"liblinear-train failed ({process.ExitCode}): {output}");
            }

            return ReadModel(model, data.Dimension);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Reads w from a LIBLINEAR model file, oriented so that a positive score means label +1.</summary>
    public static double[] ReadModel(string path, int dimension)
    {
        var lines = File.ReadAllLines(path);
        var labels = lines.Single(l => l.StartsWith("label ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // LIBLINEAR scores the first label it met in the file as positive.
        var sign = labels[1] == "1" || labels[1] == "+1" ? 1.0 : -1.0;
        var start = Array.IndexOf(lines, "w") + 1;
        var w = new double[dimension];
        for (var j = 0; j < dimension && start + j < lines.Length; j++)
        {
            w[j] = sign * double.Parse(lines[start + j].Trim(), CultureInfo.InvariantCulture);
        }

        return w;
    }
}
