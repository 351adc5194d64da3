using System.Text;
using Hemingway.Core;

namespace Hemingway.Cli.Report;

/// <summary>
/// Writes the HTML report of <c>hemingway advise --report</c>: one self-contained file, with the chart library, the
/// data and the drawing script inline and a content security policy that forbids every fetch, so it opens the same
/// anywhere, offline, years later.
/// </summary>
internal static class ReportWriter
{
    /// <summary>Writes the report to <paramref name="path"/>, with the chart library set-up vendored.</summary>
    /// <exception cref="HemingwayException">The chart library is missing, or the file cannot be written.</exception>
    public static void Write(ReportData data, string path) => Write(data, path, ChartLibrary.DefaultPath);

    /// <summary>Writes the report to <paramref name="path"/>, with the chart library at <paramref name="chartLibraryPath"/>.</summary>
    /// <exception cref="HemingwayException">The chart library is missing, or the file cannot be written.</exception>
    public static void Write(ReportData data, string path, string chartLibraryPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        var html = ReportPage.Render(data, ChartLibrary.Load(chartLibraryPath));
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new HemingwayException($"cannot write the report {full}: the folder {folder} does not exist");
        }

        // Written aside and moved into place, so that a reader never sees half a report.
        var partial = $"{full}.{Environment.ProcessId}.partial";
        try
        {
            File.WriteAllText(partial, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(partial, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new HemingwayException($"cannot write the report {full}: {e.Message}", e);
        }
    }
}
