namespace Hemingway.Modeling.Planning;

/// <summary>
/// The first iterations at which a curve ln g crosses a target, read optimistically (g·10^(−σ_g)), as predicted, and
/// pessimistically (g·10^(+σ_g)); null where it does not within the range searched.
/// </summary>
/// <param name="Optimistic">First i with ln g − margin ≤ target.</param>
/// <param name="Predicted">First i with ln g ≤ target.</param>
/// <param name="Pessimistic">First i with ln g + margin ≤ target.</param>
internal readonly record struct GoalCrossings(int? Optimistic, int? Predicted, int? Pessimistic)
{
    /// <summary>
    /// Searches i = <paramref name="first"/>..<paramref name="last"/> once, evaluating the curve once per i and
    /// stopping at the pessimistic crossing (the last of the three, since the margin is ≥ 0). A NaN value crosses nothing.
    /// </summary>
    public static GoalCrossings Find(LogSuboptimalityCurve curve, int machines, double logTarget, double logMargin, int first, int last)
    {
        int? optimistic = null, predicted = null;

        // Capped so that i++ cannot overflow past int.MaxValue.
        last = Math.Min(last, int.MaxValue - 1);
        for (var i = first; i <= last; i++)
        {
            var value = curve(i, machines);
            if (optimistic is null && value - logMargin <= logTarget)
            {
                optimistic = i;
            }

            if (predicted is null && value <= logTarget)
            {
                predicted = i;
            }

            if (value + logMargin <= logTarget)
            {
                return new GoalCrossings(optimistic, predicted, i);
            }
        }

        return new GoalCrossings(optimistic, predicted, null);
    }
}
