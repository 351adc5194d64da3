using System.Text.Json;

namespace Hemingway.Cli.Report;

/// <summary>
/// The report's data as the page's script reads it: JSON with camelCase names, points as short arrays
/// (<c>[iteration, seconds, sub-optimality]</c>) so long traces stay small, and every non-finite number as null so
/// that JSON can carry it and the script can drop it.
/// </summary>
internal static class ReportPayload
{
    // The default encoder escapes '<', '>' and '&', so the JSON can sit inside a <script> element as it is.
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The data as one line of JSON, safe to place inside an HTML <c>script</c> element.</summary>
    public static string ToJson(ReportData data) => JsonSerializer.Serialize(Build(data), Options);

    /// <summary>
    /// The algorithm whose convergence by machine count the report shows: the recommended plan's, else that of the
    /// first plan meeting the goal, else the first one with any observations or predictions.
    /// </summary>
    public static string? FocusAlgorithm(ReportData data) =>
        data.Plans.FirstOrDefault(plan => plan.Recommended)?.Algorithm
        ?? data.Plans.FirstOrDefault(plan => plan.MeetsGoal)?.Algorithm
        ?? data.Traces.FirstOrDefault(trace => trace.Kind != ReportTraceKind.Adaptive)?.Algorithm
        ?? (data.ModelCurves.Count > 0 ? data.ModelCurves[0].Algorithm : null)
        ?? (data.Plans.Count > 0 ? data.Plans[0].Algorithm : null);

    /// <summary>The name the page's script uses for a trace kind.</summary>
    public static string Name(ReportTraceKind kind) => kind switch
    {
        ReportTraceKind.Profile => "profile",
        ReportTraceKind.Sweep => "sweep",
        ReportTraceKind.Adaptive => "adaptive",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown trace kind"),
    };

    /// <summary>The name the page's script uses for a model curve kind.</summary>
    public static string Name(ReportModelCurveKind kind) => kind switch
    {
        ReportModelCurveKind.Fit => "fit",
        ReportModelCurveKind.LeaveOneOut => "leave-one-out",
        ReportModelCurveKind.Forward => "forward",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model curve kind"),
    };

    private static Payload Build(ReportData data) => new(
        data.CompareMachines,
        FocusAlgorithm(data),
        Finite(data.TargetSuboptimality),
        Finite(data.DeadlineSeconds),
        new SystemPayload(
            data.System.Measured.Select(p => new double?[] { p.Machines, Finite(p.Fraction), Finite(p.SecondsPerIteration) }).ToArray(),
            data.System.Model.Select(p => new double?[] { p.Machines, Finite(p.SecondsPerIteration) }).ToArray()),
        data.Traces.Select(t => new TracePayload(
            t.Algorithm,
            t.Machines,
            Name(t.Kind),
            t.Points.Select(p => new double?[] { p.Iteration, Finite(p.Seconds), Finite(p.Suboptimality) }).ToArray())).ToArray(),
        data.ModelCurves.Select(c => new ModelCurvePayload(
            c.Algorithm,
            c.Machines,
            Name(c.Kind),
            c.Points.Select(p => new double?[] { p.Iteration, Finite(p.PredictedSuboptimality) }).ToArray())).ToArray(),
        data.Plans.Select(p => new PlanPayload(
            p.Algorithm,
            p.Machines,
            Finite(p.PredictedIterations),
            Finite(p.PredictedSeconds),
            Finite(p.SecondsLow),
            Finite(p.SecondsHigh),
            Finite(p.PredictedCost),
            p.MeetsGoal,
            p.Recommended)).ToArray(),
        (data.Switches ?? []).Select(s => new SwitchPayload(Finite(s.Seconds), s.Iteration, s.From, s.To)).ToArray());

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private sealed record Payload(
        int CompareMachines,
        string? FocusAlgorithm,
        double? TargetSuboptimality,
        double? DeadlineSeconds,
        SystemPayload System,
        TracePayload[] Traces,
        ModelCurvePayload[] ModelCurves,
        PlanPayload[] Plans,
        SwitchPayload[] Switches);

    private sealed record SystemPayload(double?[][] Measured, double?[][] Model);

    private sealed record TracePayload(string Algorithm, int Machines, string Kind, double?[][] Points);

    private sealed record ModelCurvePayload(string Algorithm, int Machines, string Kind, double?[][] Points);

    private sealed record PlanPayload(
        string Algorithm,
        int Machines,
        double? Iterations,
        double? Seconds,
        double? SecondsLow,
        double? SecondsHigh,
        double? Cost,
        bool MeetsGoal,
        bool Recommended);

    private sealed record SwitchPayload(double? Seconds, int Iteration, string From, string To);
}
