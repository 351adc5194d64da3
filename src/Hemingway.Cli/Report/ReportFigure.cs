namespace Hemingway.Cli.Report;

/// <summary>One figure of the report.</summary>
/// <param name="Id">The id of its section, which the page's script draws into.</param>
/// <param name="Heading">Its heading.</param>
/// <param name="Caption">What it shows and how to read it.</param>
/// <param name="Note">A remark below the chart, if any.</param>
internal sealed record ReportFigure(string Id, string Heading, string Caption, string? Note = null);
