using Hemingway.Modeling.Planning;

namespace Hemingway.Cli.Advice;

/// <summary>The JSON contract of <c>advise --json</c> (snake_case on output).</summary>
internal static class AdviceJson
{
    /// <summary>The whole answer.</summary>
    public static object From(Advisor.Profiling.Advice advice, string dataset, double optimum, string? report)
    {
        var planning = advice.Planning;
        var goal = planning.Goal;
        return new
        {
            dataset,
            optimum,
            goal = new
            {
                epsilon = goal.Epsilon,
                deadline_seconds = goal.DeadlineSeconds,
                max_iterations = goal.MaxIterations,
                machines = goal.Machines,
                price_per_machine_hour = goal.PricePerMachineHour,
                optimize = goal.Optimize.ToString().ToLowerInvariant(),
            },
            recommendation = planning.Recommendation is { } r ? PlanJson(r, advice) : null,
            sentence = AdviceText.Sentence(advice),
            explanation = planning.Explanation,
            best_alternative = planning.BestAlternative is { } b ? PlanJson(b, advice) : null,
            plans = planning.Plans.Select(p => PlanJson(p, advice)).ToList(),
            profiling_seconds = advice.ProfilingSeconds,
            budget_seconds = advice.BudgetSeconds,
            system_profiling_seconds = advice.SystemSeconds,
            convergence_profiling_seconds = advice.ConvergenceSeconds,
            refinement = advice.Steps,
            models = advice.Algorithms.Select(a => new
            {
                algorithm = a.Algorithm,
                convergence_log10_error = a.Convergence?.CrossValidatedLog10Error,
                convergence_problem = a.Problem,
                system_theta = a.System.Theta,
                system_relative_error = a.System.CrossValidation?.MedianRelativeError,
                profiled_machines = a.Runs.Select(r => r.Machines).ToList(),
                profiled_iterations = a.Runs.Select(r => r.Iterations).ToList(),
            }).ToList(),
            report,
        };
    }

    private static object PlanJson(Plan p, Advisor.Profiling.Advice advice) => new
    {
        algorithm = p.Algorithm,
        machines = p.Machines,
        predicted_iterations = p.PredictedIterations,
        predicted_seconds = p.PredictedSeconds,
        seconds_low = p.OptimisticSeconds,
        seconds_high = p.PessimisticSeconds,
        iterations_low = p.OptimisticIterations,
        iterations_high = p.PessimisticIterations,
        predicted_suboptimality = p.PredictedSuboptimality,
        suboptimality_low = p.OptimisticSuboptimality,
        suboptimality_high = p.PessimisticSuboptimality,
        predicted_cost = p.PredictedCost,
        seconds_per_iteration = p.SecondsPerIteration,
        meets_goal = p.MeetsGoal,
        measured = advice.Measured.Contains((p.Algorithm, p.Machines)),
    };
}
