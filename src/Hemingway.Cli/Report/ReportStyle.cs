namespace Hemingway.Cli.Report;

/// <summary>The report's style sheet, inlined in the page (the page may load nothing).</summary>
internal static class ReportStyle
{
    /// <summary>The CSS: one readable column, figures and tables on white cards, the recommendation highlighted.</summary>
    public const string Css = """
        :root {
          color-scheme: light;
          --ink: #1d232a;
          --muted: #5b6672;
          --line: #d9dee3;
          --accent: #0b6e4f;
          --accent-soft: #e6f3ed;
          --miss: #8a939c;
          --paper: #ffffff;
          --band: #f3f5f7;
        }
        * { box-sizing: border-box; }
        body {
          margin: 0;
          background: var(--band);
          color: var(--ink);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
        }
        main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 40px; }
        h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 14px; }
        h2 { font-size: 1.12rem; margin: 0 0 4px; }
        .recommendation {
          background: var(--accent-soft);
          border-left: 4px solid var(--accent);
          border-radius: 4px;
          padding: 12px 16px;
          margin: 0 0 22px;
          font-size: 1.08rem;
        }
        .recommendation.none { background: #fdf3e1; border-left-color: #b7791f; }
        section {
          background: var(--paper);
          border: 1px solid var(--line);
          border-radius: 6px;
          padding: 18px 20px 20px;
          margin: 0 0 20px;
        }
        .caption { color: var(--muted); font-size: 0.9rem; margin: 0 0 12px; }
        .chart { position: relative; height: 400px; }
        .no-data {
          color: var(--muted);
          font-style: italic;
          text-align: center;
          padding: 28px 0;
          margin: 0;
          border: 1px dashed var(--line);
          border-radius: 4px;
        }
        .note { color: var(--muted); font-size: 0.9rem; margin: 10px 0 0; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        thead th { color: var(--muted); font-weight: 600; font-size: 0.85rem; border-bottom: 2px solid var(--line); }
        .num { text-align: right; }
        table.facts th { width: 32%; color: var(--muted); font-weight: 600; }
        tr.recommended td { background: var(--accent-soft); font-weight: 600; }
        tr.misses td { color: var(--miss); }
        tr.group th { color: var(--muted); font-weight: 600; padding-top: 14px; }
        footer { color: var(--muted); font-size: 0.8rem; text-align: center; }
        @media print {
          body { background: #fff; }
          section { border: none; padding: 0; break-inside: avoid; }
        }
        """;
}
