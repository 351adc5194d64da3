using System.Globalization;
using Hemingway.Modeling.Convergence;
using Hemingway.Modeling.Tests.SystemModel;

namespace Hemingway.Modeling.Tests.Convergence;

/// <summary>
/// The CoCoA and CoCoA+ traces of the paper's case study (MNIST-5, hinge, λ = 3e-3, simulated Spark cluster,
/// m = 1..128, every iteration until P − P* ≤ 1e-4): the rows of bench/results/case-study-traces.csv for those two
/// algorithms, with the columns the convergence model needs, copied verbatim to
/// tests/Hemingway.Modeling.Tests/Data/case-study-cocoa.csv.
/// </summary>
internal static class CaseStudyTraces
{
    private static readonly Lazy<Dictionary<string, List<ConvergenceObservation>>> All = new(Read);

    /// <summary>The path of the data file, found from the repository root.</summary>
    public static string FilePath => Path.Combine(ReferencePaths.RepositoryRoot, "tests", "Hemingway.Modeling.Tests", "Data", "case-study-cocoa.csv");

    /// <summary>Every observation of <paramref name="algorithm"/> ("cocoa" or "cocoa+"), iteration 0 included, as the trace store gives them.</summary>
    public static IReadOnlyList<ConvergenceObservation> Of(string algorithm) => All.Value[algorithm];

    private static Dictionary<string, List<ConvergenceObservation>> Read()
    {
        var lines = File.ReadAllLines(FilePath);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var c and >= 0 ? c : throw new InvalidOperationException($"{FilePath}: no column {name}");
        var (algorithm, machines, iteration, subopt, seconds) =
            (Column("algorithm"), Column("machines"), Column("iteration"), Column("subopt"), Column("simulated_seconds"));
        var result = new Dictionary<string, List<ConvergenceObservation>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = line.Split(',');
            if (!result.TryGetValue(fields[algorithm], out var list))
            {
                result[fields[algorithm]] = list = [];
            }

            list.Add(new ConvergenceObservation(
                int.Parse(fields[machines], CultureInfo.InvariantCulture),
                int.Parse(fields[iteration], CultureInfo.InvariantCulture),
                double.Parse(fields[subopt], CultureInfo.InvariantCulture),
                double.Parse(fields[seconds], CultureInfo.InvariantCulture)));
        }

        return result;
    }
}
