using System.Globalization;
using Hemingway.Modeling.Planning;

namespace Hemingway.Cli.Advice;

/// <summary>The recommendation in one sentence, and the numbers of a plan as the table and the report show them.</summary>
internal static class AdviceText
{
    /// <summary>"Run cocoa on 1 machine: 105 iterations, 62.4 s (measured while profiling)." or why no plan meets the goal.</summary>
    public static string Sentence(Advisor.Profiling.Advice advice)
    {
        var planning = advice.Planning;
        if (planning.Recommendation is not { } plan)
        {
            return planning.Explanation ?? "No plan meets the goal.";
        }

        var measured = advice.Measured.Contains((plan.Algorithm, plan.Machines));
        var what = planning.Goal.Epsilon is { } e
            ? $"to reach P − P* ≤ {e.ToString("0.##e+0", CultureInfo.InvariantCulture)}"
            : $"for the lowest loss within {Seconds(planning.Goal.DeadlineSeconds)}";
        var numbers = planning.Goal.Epsilon is not null
            ? $"{plan.PredictedIterations} iterations, {Seconds(plan.PredictedSeconds)}"
            : $"{plan.PredictedIterations} iterations, P − P* ≈ {Small(plan.PredictedSuboptimality)}";
        var how = measured
            ? "measured while profiling"
            : $"predicted; likely {Range(plan)}";
        var cost = plan.PredictedCost is { } c ? $", cost {c.ToString("0.####", CultureInfo.InvariantCulture)}" : "";
        return $"Run {plan.Algorithm} on {Machines(plan.Machines)} {what}: {numbers}{cost} ({how}).";
    }

    /// <summary>The interval of a plan's time, "52–75 s", or of its loss for a deadline.</summary>
    public static string Range(Plan plan) => plan.PredictedSeconds is not null && plan.OptimisticSeconds is not null
        ? $"{Seconds(plan.OptimisticSeconds)} to {(plan.PessimisticSeconds is { } high ? Seconds(high) : "beyond the limit")}"
        : $"P − P* {Small(plan.OptimisticSuboptimality)} to {Small(plan.PessimisticSuboptimality)}";

    /// <summary>"1 machine", "16 machines".</summary>
    public static string Machines(int m) => m == 1 ? "1 machine" : $"{m} machines";

    /// <summary>Seconds with three significant digits.</summary>
    public static string Seconds(double? seconds) => seconds is { } s ? s.ToString(s < 10 ? "0.##" : "0", CultureInfo.InvariantCulture) + " s" : "–";

    /// <summary>A small number in scientific form.</summary>
    public static string Small(double? value) => value is { } v ? v.ToString("0.00e+0", CultureInfo.InvariantCulture) : "–";
}
