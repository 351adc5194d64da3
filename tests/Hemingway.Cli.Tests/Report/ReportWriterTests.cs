using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Hemingway.Cli.Report;
using Hemingway.Core;
using Xunit;

namespace Hemingway.Cli.Tests.Report;

/// <summary>
/// The HTML report, written by <see cref="ReportWriter"/> with the chart library set-up vendored and opened in the real
/// headless chromium: every figure drawn, no script error, nothing fetched.
/// </summary>
public sealed partial class ReportWriterTests
{
    private const string Csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

    [Fact]
    public async Task Chromium_draws_every_figure_without_errors()
    {
        using var folder = new TempFolder();
        var html = Write(folder, SyntheticReports.Full());

        Assert.Equal(SyntheticReports.FullFigureCount, FigureSections(File.ReadAllText(html)).Count);
        var dom = await HeadlessChromium.DumpDomAsync(html);

        Assert.Null(BodyAttribute(dom, "data-errors"));
        Assert.Equal(SyntheticReports.FullFigureCount.ToString(), BodyAttribute(dom, "data-charts"));
        foreach (var (id, content) in FigureSections(dom))
        {
            Assert.DoesNotContain("no-data", content, StringComparison.Ordinal);
            // Chart.js sizes the canvas it draws on to its box; an untouched canvas keeps the default 300 × 150.
            var canvas = CanvasSize().Match(content);
            Assert.True(canvas.Success, $"{id} has no canvas sized by the chart library:\n{content}");
            Assert.True(int.Parse(canvas.Groups[1].Value) > 300 && int.Parse(canvas.Groups[2].Value) > 150, $"{id}: {canvas.Value}");
        }
    }

    [Fact]
    public async Task Empty_series_show_no_data_without_errors()
    {
        using var folder = new TempFolder();
        var html = Write(folder, SyntheticReports.Empty());

        var dom = await HeadlessChromium.DumpDomAsync(html);

        Assert.Null(BodyAttribute(dom, "data-errors"));
        Assert.Equal("0", BodyAttribute(dom, "data-charts"));
        var sections = FigureSections(dom);
        Assert.Equal(SyntheticReports.StaticFigureCount, sections.Count);
        foreach (var (id, content) in sections)
        {
            Assert.True(content.Contains("<p class=\"no-data\">no data</p>", StringComparison.Ordinal), $"{id} does not say no data:\n{content}");
            Assert.DoesNotContain("<canvas", content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_deadline_goal_and_no_recommendation_draw_without_errors()
    {
        using var folder = new TempFolder();
        var full = SyntheticReports.Full();
        var data = full with
        {
            TargetSuboptimality = null,
            DeadlineSeconds = 12,
            RecommendationSentence = "No plan reaches the goal within 12 s.",
            Plans = full.Plans.Select(p => p with { Recommended = false, MeetsGoal = false }).ToList(),
        };
        var html = Write(folder, data);

        var dom = await HeadlessChromium.DumpDomAsync(html);

        Assert.Null(BodyAttribute(dom, "data-errors"));
        Assert.Equal(SyntheticReports.FullFigureCount.ToString(), BodyAttribute(dom, "data-charts"));
        Assert.Contains("<p class=\"recommendation none\">No plan reaches the goal within 12 s.</p>", dom, StringComparison.Ordinal);
        Assert.Contains("against the deadline of 12 s", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screenshot_shows_the_charts()
    {
        using var folder = new TempFolder();
        var report = Write(folder, SyntheticReports.Full());
        var empty = Write(folder, SyntheticReports.Empty(), "empty.html");
        var blank = folder.Write("blank.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>");

        var sizes = new Dictionary<string, long>();
        foreach (var (name, page) in new[] { ("report", report), ("empty", empty), ("blank", blank) })
        {
            var png = folder.File(name + ".png");
            await HeadlessChromium.ScreenshotAsync(page, png, 1200, 2400);
            AssertPng(png, 1200, 2400);
            sizes[name] = new FileInfo(png).Length;
        }

        // PNG compresses flat colour to almost nothing: six charts of lines, markers and text cannot be that small.
        Assert.True(sizes["report"] > 20 * 1024, $"report screenshot is only {sizes["report"]} bytes");
        Assert.True(sizes["report"] > 5 * sizes["blank"], $"report {sizes["report"]} bytes, blank page {sizes["blank"]} bytes");
        // The same layout with "no data" in every figure has the text but none of the charts (measured: about half).
        Assert.True(sizes["report"] > 1.5 * sizes["empty"], $"report {sizes["report"]} bytes, same page without data {sizes["empty"]} bytes");
    }

    [Fact]
    public void The_page_is_self_contained()
    {
        using var folder = new TempFolder();
        var text = File.ReadAllText(Write(folder, SyntheticReports.Full()));

        Assert.Contains($"<meta http-equiv=\"Content-Security-Policy\" content=\"{Csp}\">", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Content-Security-Policy", StringComparison.Ordinal) < text.IndexOf("<script", StringComparison.Ordinal));
        var remote = RemoteAttribute().Matches(text).Select(m => m.Value).ToList();
        Assert.True(remote.Count == 0, "remote URLs in src/href: " + string.Join(", ", remote));
        Assert.DoesNotContain("<link", text, StringComparison.OrdinalIgnoreCase);
        Assert.False(ScriptWithSource().IsMatch(text), "a <script src=…> loads code from elsewhere");
        // The vendored library itself is inline, not referenced.
        Assert.Contains("Chart.js v4.6.1", text, StringComparison.Ordinal);
        Assert.Contains(File.ReadAllText(ChartLibrary.DefaultPath)[..2000], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_blocks_a_fetch_and_the_page_reports_it()
    {
        // The same page with one image from the network slipped in: the browser must refuse it, and say so.
        using var folder = new TempFolder();
        var html = Write(folder, SyntheticReports.Full());
        var text = File.ReadAllText(html);
        File.WriteAllText(html, text.Replace("<main>", "<main><img src=\"https://example.com/pixel.png\" alt=\"\">", StringComparison.Ordinal));

        var dom = await HeadlessChromium.DumpDomAsync(html);

        var errors = BodyAttribute(dom, "data-errors");
        Assert.NotNull(errors);
        Assert.Contains("blocked by the content security policy: img-src https://example.com/pixel.png", errors, StringComparison.Ordinal);
        Assert.Equal(SyntheticReports.FullFigureCount.ToString(), BodyAttribute(dom, "data-charts"));
    }

    [Fact]
    public async Task Markup_in_names_is_shown_as_text()
    {
        using var folder = new TempFolder();
        var data = SyntheticReports.Full(title: "<script>document.body.dataset.hacked = 1</script> & more", oddAlgorithmName: "sgd</script><b>");
        var html = Write(folder, data);

        var dom = await HeadlessChromium.DumpDomAsync(html);

        Assert.Null(BodyAttribute(dom, "data-errors"));
        Assert.Null(BodyAttribute(dom, "data-hacked"));
        Assert.Equal(SyntheticReports.FullFigureCount.ToString(), BodyAttribute(dom, "data-charts"));
        Assert.Contains("<h1>&lt;script&gt;document.body.dataset.hacked = 1&lt;/script&gt; &amp; more</h1>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>sgd&lt;/script&gt;&lt;b&gt;</td>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_chart_library_is_an_input_error_naming_the_path()
    {
        using var folder = new TempFolder();
        var library = folder.File("vendor/chart.umd.js");
        var report = folder.File("report.html");

        var error = Assert.Throws<HemingwayException>(() => ReportWriter.Write(SyntheticReports.Full(), report, library));

        Assert.Equal($"chart library not found at {library}; run scripts/setup.sh", error.Message);
        Assert.False(File.Exists(report));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void The_default_chart_library_lives_in_the_vendor_cache()
    {
        Assert.Equal(Path.Combine(HemingwayPaths.CacheRoot, "vendor", "chart.umd.js"), ChartLibrary.DefaultPath);
        Assert.True(File.Exists(ChartLibrary.DefaultPath), $"{ChartLibrary.DefaultPath} is missing: run scripts/setup.sh");
    }

    [Fact]
    public void A_report_in_a_missing_folder_is_an_input_error()
    {
        using var folder = new TempFolder();
        var report = folder.File("no-such-folder/report.html");

        var error = Assert.Throws<HemingwayException>(() => ReportWriter.Write(SyntheticReports.Full(), report));

        Assert.Contains(report, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static string Write(TempFolder folder, ReportData data, string name = "report.html")
    {
        var path = folder.File(name);
        ReportWriter.Write(data, path);
        return path;
    }

    private static string? BodyAttribute(string dom, string name)
    {
        var body = BodyTag().Match(dom);
        Assert.True(body.Success, "no <body> in the DOM");
        var attribute = Regex.Match(body.Value, $"\\s{Regex.Escape(name)}=\"([^\"]*)\"");
        return attribute.Success ? System.Net.WebUtility.HtmlDecode(attribute.Groups[1].Value) : null;
    }

    private static List<(string Id, string Content)> FigureSections(string html) =>
        FigureSection().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

    private static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 24, $"{path} is {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("<section class=\"figure\" id=\"([^\"]+)\">(.*?)</section>", RegexOptions.Singleline)]
    private static partial Regex FigureSection();

    [GeneratedRegex("<canvas[^>]*\\swidth=\"(\\d+)\"[^>]*\\sheight=\"(\\d+)\"")]
    private static partial Regex CanvasSize();

    [GeneratedRegex("\\b(?:src|href)\\s*=\\s*[\"']?\\s*(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteAttribute();

    [GeneratedRegex("<script[^>]*\\ssrc\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithSource();
}
