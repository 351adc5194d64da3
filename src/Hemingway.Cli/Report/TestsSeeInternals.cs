using System.Runtime.CompilerServices;

// The report's types are internal to the command; its tests drive ReportWriter directly and check the page in a browser.
[assembly: InternalsVisibleTo("Hemingway.Cli.Tests")]
