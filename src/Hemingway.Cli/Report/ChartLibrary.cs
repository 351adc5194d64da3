using System.Text.RegularExpressions;
using Hemingway.Core;

namespace Hemingway.Cli.Report;

/// <summary>
/// Chart.js's UMD bundle as <c>scripts/setup.sh</c> vendors it from npm (<c>chart.js@4.6.1</c>, into
/// <see cref="HemingwayPaths.VendorDirectory"/>), read to be inlined into a report.
/// </summary>
/// <param name="Source">The bundle's source, made safe to sit inside an HTML <c>script</c> element.</param>
/// <param name="Name">Its name and version as its licence header states them, for example "Chart.js v4.6.1".</param>
internal sealed partial record ChartLibrary(string Source, string Name)
{
    /// <summary>The bundle's file name in the vendor folder.</summary>
    public const string FileName = "chart.umd.js";

    /// <summary>Where set-up puts the bundle.</summary>
    public static string DefaultPath => Path.Combine(HemingwayPaths.VendorDirectory, FileName);

    /// <summary>Reads the bundle at <paramref name="path"/>.</summary>
    /// <exception cref="HemingwayException">It is missing, unreadable or not a Chart.js bundle.</exception>
    public static ChartLibrary Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new HemingwayException($"chart library not found at {full}; run scripts/setup.sh");
        }

        string source;
        try
        {
            source = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HemingwayException($"cannot read the chart library {full}: {e.Message}", e);
        }

        var header = Header().Match(source.Length > 400 ? source[..400] : source);
        if (!header.Success)
        {
            throw new HemingwayException($"{full} is not a Chart.js bundle (no \"Chart.js v…\" header); run scripts/setup.sh");
        }

        return new ChartLibrary(InlineSafe(source), header.Value);
    }

    /// <summary>
    /// The HTML parser ends a script at the first "&lt;/script" and treats "&lt;!--" specially, even inside a JavaScript
    /// string; written with a backslash both mean the same to JavaScript and nothing to the parser.
    /// </summary>
    private static string InlineSafe(string source) =>
        source.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)
            .Replace("<!--", "<\\!--", StringComparison.Ordinal);

    [GeneratedRegex(@"Chart\.js v[0-9][0-9A-Za-z.\-+]*")]
    private static partial Regex Header();
}
