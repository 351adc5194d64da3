using System.Globalization;
using System.Net;
using System.Text;

namespace Hemingway.Cli.Report;

/// <summary>
/// The report's tables, written as HTML on the server side so that they read well even where scripts do not run:
/// the setting, and every plan with its predictions.
/// </summary>
internal static class ReportTables
{
    /// <summary>The setting as a two-column table, in the order given.</summary>
    public static void Facts(StringBuilder html, IReadOnlyList<ReportFact> facts)
    {
        if (facts.Count == 0)
        {
            html.AppendLine("<p class=\"no-data\">no data</p>");
            return;
        }

        html.AppendLine("<table class=\"facts\"><tbody>");
        foreach (var fact in facts)
        {
            html.Append("<tr><th scope=\"row\">").Append(Text(fact.Label)).Append("</th><td>")
                .Append(Text(fact.Value)).AppendLine("</td></tr>");
        }

        html.AppendLine("</tbody></table>");
    }

    /// <summary>
    /// Every plan, those predicted to meet the goal first, then under their own heading those predicted to miss it;
    /// the columns for an interval or a cost appear only when some plan has one.
    /// </summary>
    public static void Plans(StringBuilder html, IReadOnlyList<ReportPlan> plans)
    {
        if (plans.Count == 0)
        {
            html.AppendLine("<p class=\"no-data\">no data</p>");
            return;
        }

        var withInterval = plans.Any(p => p.SecondsLow is not null || p.SecondsHigh is not null);
        var withCost = plans.Any(p => p.PredictedCost is not null);
        var columns = 5 + (withInterval ? 1 : 0) + (withCost ? 1 : 0);

        html.Append("<table class=\"plans\"><thead><tr><th></th><th>algorithm</th><th class=\"num\">machines</th>")
            .Append("<th class=\"num\">iterations</th><th class=\"num\">seconds</th>");
        if (withInterval)
        {
            html.Append("<th class=\"num\">interval (s)</th>");
        }

        if (withCost)
        {
            html.Append("<th class=\"num\">cost</th>");
        }

        html.AppendLine("</tr></thead><tbody>");
        foreach (var plan in plans.Where(p => p.MeetsGoal))
        {
            Row(html, plan, withInterval, withCost);
        }

        var misses = plans.Where(p => !p.MeetsGoal).ToList();
        if (misses.Count > 0)
        {
            html.Append("<tr class=\"group\"><th colspan=\"").Append(columns.ToString(CultureInfo.InvariantCulture))
                .AppendLine("\">predicted to miss the goal</th></tr>");
            foreach (var plan in misses)
            {
                Row(html, plan, withInterval, withCost);
            }
        }

        html.AppendLine("</tbody></table>");
    }

    /// <summary>Text made safe for HTML content and attribute values.</summary>
    public static string Text(string value) => WebUtility.HtmlEncode(value);

    /// <summary>
    /// A number to three significant digits, without an exponent in the everyday range and as typed on a command line
    /// outside it (1e-4, 2.5e+6); "–" when missing.
    /// </summary>
    public static string Number(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return "–";
        }

        var magnitude = Math.Abs(v);
        return magnitude switch
        {
            0 => "0",
            >= 1e6 or < 1e-3 => v.ToString("0.##e+0", CultureInfo.InvariantCulture),
            >= 100 => v.ToString("#,0", CultureInfo.InvariantCulture),
            _ => Math.Round(v, 2 - (int)Math.Floor(Math.Log10(magnitude))).ToString("0.######", CultureInfo.InvariantCulture),
        };
    }

    private static void Row(StringBuilder html, ReportPlan plan, bool withInterval, bool withCost)
    {
        var rowClass = plan.Recommended ? " class=\"recommended\"" : plan.MeetsGoal ? "" : " class=\"misses\"";
        html.Append("<tr").Append(rowClass).Append("><td>").Append(plan.Recommended ? "★ recommended" : "").Append("</td>")
            .Append("<td>").Append(Text(plan.Algorithm)).Append("</td>")
            .Append("<td class=\"num\">").Append(plan.Machines.ToString(CultureInfo.InvariantCulture)).Append("</td>")
            .Append("<td class=\"num\">").Append(Iterations(plan.PredictedIterations)).Append("</td>")
            .Append("<td class=\"num\">").Append(Number(plan.PredictedSeconds)).Append("</td>");
        if (withInterval)
        {
            var interval = plan.SecondsLow is null && plan.SecondsHigh is null
                ? "–"
                : $"{Number(plan.SecondsLow)} – {Number(plan.SecondsHigh)}";
            html.Append("<td class=\"num\">").Append(interval).Append("</td>");
        }

        if (withCost)
        {
            html.Append("<td class=\"num\">").Append(Number(plan.PredictedCost)).Append("</td>");
        }

        html.AppendLine("</tr>");
    }

    private static string Iterations(double? value) =>
        value is { } v && double.IsFinite(v) ? Math.Ceiling(v).ToString("#,0", CultureInfo.InvariantCulture) : "–";
}
