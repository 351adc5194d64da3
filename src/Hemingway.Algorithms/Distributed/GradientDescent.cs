using Hemingway.Core;
using Hemingway.Core.Losses;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// Distributed gradient descent: workers sum their shards' gradients, the driver steps along −∇P(w) with a backtracking
/// line search that starts from twice the last accepted step. Needs a smooth loss.
/// </summary>
public sealed class GradientDescent : IDistributedAlgorithm
{
    /// <inheritdoc/>
    public string Name => "gd";

    /// <inheritdoc/>
    public string Parameters => "linesearch=armijo";

    /// <inheritdoc/>
    public bool HasDual => false;

    /// <inheritdoc/>
    public void CheckLoss(ILoss loss) => SmoothLoss.Require(Name, loss);

    /// <inheritdoc/>
    public IDriver CreateDriver(ProblemShape shape) => new LineSearchDriver(shape, new SteepestDescent());

    /// <inheritdoc/>
    public IWorker CreateWorker(Shard shard) => new GradientWorker(shard);

    private sealed class SteepestDescent : IDescentDirection
    {
        public void Compute(ReadOnlySpan<double> gradient, Span<double> direction)
        {
            for (var j = 0; j < gradient.Length; j++)
            {
                direction[j] = -gradient[j];
            }
        }

        // Growing the step again each iteration lets the search follow the local curvature instead of only shrinking.
        public double InitialStep(double lastAccepted, ReadOnlySpan<double> gradient) => lastAccepted > 0 ? 2 * lastAccepted : 1;

        public void Update(ReadOnlySpan<double> step, ReadOnlySpan<double> gradientChange)
        {
        }

        public void Save(BinaryWriter writer)
        {
            // Steepest descent learns nothing.
        }

        public void Restore(BinaryReader reader)
        {
        }
    }
}

/// <summary>The check shared by the methods that need a differentiable loss.</summary>
internal static class SmoothLoss
{
    public static void Require(string algorithm, ILoss loss)
    {
        if (!loss.IsSmooth)
        {
            throw new HemingwayException(
                $"{algorithm} needs a smooth loss (logistic or squared): the {loss.Name} loss has no gradient where y·x·w = 1; use cocoa, cocoa+ or an SGD method for it");
        }
    }
}
