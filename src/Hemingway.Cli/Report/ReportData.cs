namespace Hemingway.Cli.Report;

/// <summary>
/// Everything the HTML report of <c>hemingway advise --report</c> shows: plain measured and predicted numbers, filled
/// by the advise pipeline. The report draws them and computes nothing of its own.
/// </summary>
/// <param name="Title">The page's heading.</param>
/// <param name="Facts">The setting, in display order: dataset, loss, λ, ε or deadline, engine and cluster, profiling cost, …</param>
/// <param name="RecommendationSentence">The answer in one sentence; it may say that no plan meets the goal.</param>
/// <param name="System">Time per iteration as measured and as Ernest's model predicts it.</param>
/// <param name="Traces">Observed runs: sub-optimality per iteration and second.</param>
/// <param name="ModelCurves">The convergence model's predictions: its fit and its validations.</param>
/// <param name="Plans">Every (algorithm, machines) the planner weighed.</param>
/// <param name="CompareMachines">The number of machines at which the algorithms are compared against each other.</param>
/// <param name="Switches">For an adaptive run, when it changed algorithm or machines; null or empty otherwise.</param>
/// <param name="TargetSuboptimality">The goal ε, drawn as a line on the convergence figures; null for a deadline goal.</param>
/// <param name="DeadlineSeconds">The deadline, drawn as a line on the plans figure; null for an ε goal.</param>
internal sealed record ReportData(
    string Title,
    IReadOnlyList<ReportFact> Facts,
    string RecommendationSentence,
    ReportSystem System,
    IReadOnlyList<ReportTrace> Traces,
    IReadOnlyList<ReportModelCurve> ModelCurves,
    IReadOnlyList<ReportPlan> Plans,
    int CompareMachines,
    IReadOnlyList<ReportSwitch>? Switches = null,
    double? TargetSuboptimality = null,
    double? DeadlineSeconds = null);

/// <summary>One row of the setting table.</summary>
/// <param name="Label">What it is, for example "dataset".</param>
/// <param name="Value">Its value as the reader should see it.</param>
internal sealed record ReportFact(string Label, string Value);

/// <summary>The system model's figure: measured time per iteration and Ernest's curve.</summary>
/// <param name="Measured">The profiled points, at any data fraction.</param>
/// <param name="Model">Ernest's f(m) at fraction 1, at the machine counts to draw.</param>
internal sealed record ReportSystem(IReadOnlyList<ReportMeasuredTime> Measured, IReadOnlyList<ReportModelTime> Model);

/// <summary>A measured time per iteration.</summary>
/// <param name="Machines">The number of machines m.</param>
/// <param name="Fraction">The fraction of the data the run used.</param>
/// <param name="SecondsPerIteration">The measured seconds per iteration.</param>
internal sealed record ReportMeasuredTime(int Machines, double Fraction, double SecondsPerIteration);

/// <summary>Ernest's predicted time per iteration on the whole data.</summary>
/// <param name="Machines">The number of machines m.</param>
/// <param name="SecondsPerIteration">f(m, 1).</param>
internal sealed record ReportModelTime(int Machines, double SecondsPerIteration);

/// <summary>Why a run was made.</summary>
internal enum ReportTraceKind
{
    /// <summary>A cheap run made to fit the models.</summary>
    Profile,

    /// <summary>A run of a sweep over algorithms and machines.</summary>
    Sweep,

    /// <summary>A run that followed the planner and changed plan on the way.</summary>
    Adaptive,
}

/// <summary>One observed run.</summary>
/// <param name="Algorithm">The algorithm's name as the command line spells it.</param>
/// <param name="Machines">The number of machines (for an adaptive run, the one it started with).</param>
/// <param name="Kind">Why it was run.</param>
/// <param name="Points">Its iterations in order.</param>
internal sealed record ReportTrace(string Algorithm, int Machines, ReportTraceKind Kind, IReadOnlyList<ReportTracePoint> Points);

/// <summary>One observed iteration.</summary>
/// <param name="Iteration">The iteration (0 is the starting point).</param>
/// <param name="Seconds">Seconds since the start of the run.</param>
/// <param name="Suboptimality">P(w) − P*.</param>
internal sealed record ReportTracePoint(int Iteration, double Seconds, double Suboptimality);

/// <summary>What a model curve shows.</summary>
internal enum ReportModelCurveKind
{
    /// <summary>The model fitted on all runs, evaluated at a machine count it saw.</summary>
    Fit,

    /// <summary>The model fitted without this machine count, predicting it.</summary>
    LeaveOneOut,

    /// <summary>Predictions a few iterations ahead from a window of earlier iterations.</summary>
    Forward,
}

/// <summary>One curve of the convergence model.</summary>
/// <param name="Algorithm">The algorithm it models.</param>
/// <param name="Machines">The number of machines m.</param>
/// <param name="Kind">Fit or which validation.</param>
/// <param name="Points">Its predictions in iteration order.</param>
internal sealed record ReportModelCurve(string Algorithm, int Machines, ReportModelCurveKind Kind, IReadOnlyList<ReportModelPoint> Points);

/// <summary>One predicted sub-optimality.</summary>
/// <param name="Iteration">The iteration.</param>
/// <param name="PredictedSuboptimality">g(i, m).</param>
internal sealed record ReportModelPoint(int Iteration, double PredictedSuboptimality);

/// <summary>One plan the planner weighed.</summary>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="Machines">The number of machines.</param>
/// <param name="PredictedIterations">Iterations to the goal, when predicted.</param>
/// <param name="PredictedSeconds">Seconds to the goal, when predicted.</param>
/// <param name="SecondsLow">The low end of the seconds' interval, when known.</param>
/// <param name="SecondsHigh">The high end of the seconds' interval, when known.</param>
/// <param name="PredictedCost">The predicted cost of the run, when a price was given.</param>
/// <param name="MeetsGoal">Whether the plan is predicted to meet the goal.</param>
/// <param name="Recommended">Whether this is the plan recommended.</param>
internal sealed record ReportPlan(
    string Algorithm,
    int Machines,
    double? PredictedIterations,
    double? PredictedSeconds,
    double? SecondsLow,
    double? SecondsHigh,
    double? PredictedCost,
    bool MeetsGoal,
    bool Recommended);

/// <summary>A change of plan during an adaptive run.</summary>
/// <param name="Seconds">When, in seconds since the run started.</param>
/// <param name="Iteration">After which iteration.</param>
/// <param name="From">The plan left, as "algorithm@machines".</param>
/// <param name="To">The plan taken, as "algorithm@machines".</param>
internal sealed record ReportSwitch(double Seconds, int Iteration, string From, string To);
