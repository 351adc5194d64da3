using System.Globalization;
using System.Text;

namespace Hemingway.Cli.Report;

/// <summary>
/// Lays out the report as one HTML document: the answer, the setting, the figures of the paper for this data, the
/// plans, then the data as JSON, the chart library and the script that draws the figures, all inline.
/// </summary>
internal static class ReportPage
{
    /// <summary>
    /// The page's content security policy: nothing may be fetched or connected to; only the inline scripts, the
    /// inline style and data: images (what a canvas exports) are allowed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

    /// <summary>The whole page.</summary>
    /// <param name="data">What to show.</param>
    /// <param name="chartLibrary">The chart library to inline.</param>
    public static string Render(ReportData data, ChartLibrary chartLibrary)
    {
        var html = new StringBuilder(chartLibrary.Source.Length + 64 * 1024);
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\">")
            .AppendLine("<head>")
            .AppendLine("<meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).AppendLine("\">")
            .AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(ReportTables.Text(data.Title)).AppendLine("</title>")
            .Append("<style>").Append(ReportStyle.Css).AppendLine("</style>")
            .AppendLine("</head>")
            .AppendLine("<body>")
            .AppendLine("<script>").AppendLine(ReportScript.ErrorRecorder).AppendLine("</script>")
            .AppendLine("<main>")
            .Append("<h1>").Append(ReportTables.Text(data.Title)).AppendLine("</h1>")
            .Append(data.Plans.Any(p => p.Recommended) ? "<p class=\"recommendation\">" : "<p class=\"recommendation none\">")
            .Append(ReportTables.Text(data.RecommendationSentence)).AppendLine("</p>");

        html.AppendLine("<section id=\"setting\"><h2>Setting</h2>");
        ReportTables.Facts(html, data.Facts);
        html.AppendLine("</section>");

        var number = 1;
        foreach (var figure in Figures(data))
        {
            html.Append("<section class=\"figure\" id=\"").Append(figure.Id).Append("\"><h2>Figure ")
                .Append(number.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(ReportTables.Text(figure.Heading)).AppendLine("</h2>")
                .Append("<p class=\"caption\">").Append(ReportTables.Text(figure.Caption)).AppendLine("</p>")
                .Append("<div class=\"chart\"><canvas role=\"img\" aria-label=\"").Append(ReportTables.Text(figure.Heading))
                .AppendLine("\"></canvas></div>");
            if (figure.Note is { } note)
            {
                html.Append("<p class=\"note\">").Append(ReportTables.Text(note)).AppendLine("</p>");
            }

            html.AppendLine("</section>");
            number++;
        }

        html.AppendLine("<section id=\"plans\"><h2>Plans</h2>");
        ReportTables.Plans(html, data.Plans);
        html.AppendLine("</section>");

        html.Append("<footer>Written by Hemingway. Charts drawn with ").Append(ReportTables.Text(chartLibrary.Name))
            .AppendLine(" (MIT License), embedded in this file: the page loads nothing.</footer>")
            .AppendLine("</main>")
            .Append("<script type=\"application/json\" id=\"report-data\">").Append(ReportPayload.ToJson(data)).AppendLine("</script>")
            .AppendLine("<script>").AppendLine(chartLibrary.Source).AppendLine("</script>")
            .AppendLine("<script>").AppendLine(ReportScript.Figures).AppendLine("</script>")
            .AppendLine("</body>")
            .AppendLine("</html>");
        return html.ToString();
    }

    /// <summary>
    /// The figures for this data, in the order of the page; the adaptive run's only when there was one. The ids are
    /// the ones the page's script draws into.
    /// </summary>
    public static IReadOnlyList<ReportFigure> Figures(ReportData data)
    {
        var focus = ReportPayload.FocusAlgorithm(data);
        var plansHeading = data.TargetSuboptimality is { } epsilon
            ? $"Predicted time to reach ε = {ReportTables.Number(epsilon)} for every plan"
            : data.DeadlineSeconds is { } deadline
                ? $"Predicted time for every plan, against the deadline of {ReportTables.Number(deadline)} s"
                : "Predicted time to the goal for every plan";
        var untimed = data.Plans.Where(p => p.PredictedSeconds is not { } s || !double.IsFinite(s) || s <= 0)
            .Select(p => $"{p.Algorithm} @ {p.Machines.ToString(CultureInfo.InvariantCulture)}")
            .ToList();

        var figures = new List<ReportFigure>
        {
            new(
                "figure-system",
                "Time per iteration against the number of machines",
                "Measured seconds per iteration and Ernest's system model f(m) = θ0 + θ1·s/m + θ2·log m + θ3·m fitted " +
                "to them, drawn for the whole data (s = 1)."),
            new(
                "figure-machines",
                focus is null ? "Convergence by number of machines" : $"Convergence of {focus} by number of machines",
                "Sub-optimality per iteration as observed (solid) and as the convergence model g(i, m) fits it (dashed), " +
                "one colour per number of machines."),
            new(
                "figure-compare",
                data.CompareMachines == 1
                    ? "Algorithms compared on 1 machine"
                    : $"Algorithms compared on {data.CompareMachines.ToString(CultureInfo.InvariantCulture)} machines",
                "Sub-optimality against seconds for every algorithm observed on this number of machines."),
            new(
                "figure-validation",
                "How well the convergence model predicts",
                "Observed sub-optimality (solid) against the model fitted without that number of machines " +
                "(leave-one-m-out, dashed) and the forward predictions from earlier iterations (dotted)."),
            new(
                "figure-plans",
                plansHeading,
                "Bars: the predicted seconds; whiskers: their interval; ★: the recommendation. Plans predicted to miss " +
                "the goal are grey, below the dashed line.",
                untimed.Count == 0 ? null : $"Without a predicted time: {string.Join(", ", untimed)}."),
        };
        if (data.Traces.Any(t => t.Kind == ReportTraceKind.Adaptive) || data.Switches is { Count: > 0 })
        {
            figures.Add(new(
                "figure-adaptive",
                "The adaptive run",
                "Sub-optimality against seconds as the run followed the planner; each dashed line is a change of plan."));
        }

        return figures;
    }
}
