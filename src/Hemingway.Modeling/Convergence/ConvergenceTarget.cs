using Hemingway.Core;

namespace Hemingway.Modeling.Convergence;

/// <summary>
/// The quantity a convergence model g(i, m) describes, of which it fits the natural log: the primal sub-optimality
/// P − P* (the paper's, and the default), the duality gap P − D (only methods that keep a dual variable have one), or
/// the test error (the misclassification rate on a held-out test set, or its mean squared error for the squared loss;
/// recorded by runs given test data). An ε given with a model is a value of its target.
/// </summary>
public sealed class ConvergenceTarget
{
    private ConvergenceTarget(string name, string label, string description)
    {
        Name = name;
        Label = label;
        Description = description;
    }

    /// <summary>P − P*.</summary>
    public static ConvergenceTarget Suboptimality { get; } = new("subopt", "ln(P - P*)", "P − P*");

    /// <summary>The duality gap P − D.</summary>
    public static ConvergenceTarget DualityGap { get; } = new("gap", "ln(gap)", "duality gap");

    /// <summary>The test error.</summary>
    public static ConvergenceTarget TestError { get; } = new("test-error", "ln(test error)", "test error");

    /// <summary>Every target, the default first.</summary>
    public static IReadOnlyList<ConvergenceTarget> All { get; } = [Suboptimality, DualityGap, TestError];

    /// <summary>The name on the command line: <c>subopt</c>, <c>gap</c> or <c>test-error</c>.</summary>
    public string Name { get; }

    /// <summary>What is fitted, as a model file's <c>target</c> field says it: e.g. <c>ln(P - P*)</c>.</summary>
    public string Label { get; }

    /// <summary>The quantity in words, for messages and tables.</summary>
    public string Description { get; }

    /// <summary>The target called <paramref name="name"/>; a <see cref="HemingwayException"/> naming the choices otherwise.</summary>
    public static ConvergenceTarget Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(t => t.Name == name)
            ?? throw new HemingwayException($"unknown target '{name}': expected one of {string.Join(", ", All.Select(t => t.Name))}");
    }

    /// <summary>The target a model file's <c>target</c> field names, or null when it names none of them.</summary>
    public static ConvergenceTarget? FromLabel(string? label) => All.FirstOrDefault(t => t.Label == label);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
