using System.Diagnostics;
using System.Globalization;

namespace Hemingway.Testing;

/// <summary>
/// Runs a short script in Debian's /usr/bin/python3, which has scikit-learn, scipy and numpy (installed by
/// scripts/setup.sh), and returns what it printed. Only that interpreter is used: the python3 first on PATH may be
/// another one without those packages.
/// </summary>
public static class PythonReference
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Run(string script, params string[] arguments)
    {
        if (!File.Exists(Interpreter))
        {
            throw new InvalidOperationException($"{Interpreter} is missing: run scripts/setup.sh");
        }

        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the reference script failed ({process.ExitCode}): {errors.Result}");
        }

        return output;
    }

    /// <summary>Whitespace-separated numbers printed by a reference script.</summary>
    public static double[] Numbers(string output) =>
        output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(token => double.Parse(token, CultureInfo.InvariantCulture))
            .ToArray();
}
