namespace Hemingway.Modeling.Planning;

/// <summary>What the planner minimises among the plans that meet the goal.</summary>
public enum PlanningObjective
{
    /// <summary>Seconds to reach ε; with a deadline alone, the sub-optimality at the deadline.</summary>
    Time,

    /// <summary>Machine-hours times the price: needs <see cref="PlanningGoal.PricePerMachineHour"/>.</summary>
    Cost,
}
