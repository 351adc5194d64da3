using Hemingway.Core;
using Hemingway.Core.Losses;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// Distributed L-BFGS (Nocedal, 1980): workers sum their shards' gradients; the driver keeps the last
/// <c>history</c> curvature pairs and takes the two-loop recursion's quasi-Newton direction, with a backtracking line
/// search from step 1. Needs a smooth loss.
/// </summary>
public sealed class Lbfgs : IDistributedAlgorithm
{
    private readonly int _history;

    /// <summary>L-BFGS keeping <paramref name="history"/> curvature pairs (10 by default).</summary>
    public Lbfgs(int history = 10)
    {
        if (history < 1)
        {
            throw new HemingwayException($"the L-BFGS history must be ≥ 1, got {history}");
        }

        _history = history;
    }

    /// <inheritdoc/>
    public string Name => "lbfgs";

    /// <inheritdoc/>
    public string Parameters => $"history={_history},linesearch=armijo";

    /// <inheritdoc/>
    public bool HasDual => false;

    /// <inheritdoc/>
    public void CheckLoss(ILoss loss) => SmoothLoss.Require(Name, loss);

    /// <inheritdoc/>
    public IDriver CreateDriver(ProblemShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new LineSearchDriver(shape, new QuasiNewton(shape.Dimension, _history));
    }

    /// <inheritdoc/>
    public IWorker CreateWorker(Shard shard) => new GradientWorker(shard);

    private sealed class QuasiNewton(int dimension, int history) : IDescentDirection
    {
        private readonly double[][] _steps = CreateRing(history, dimension);
        private readonly double[][] _changes = CreateRing(history, dimension);
        private readonly double[] _rho = new double[history];
        private readonly double[] _coefficients = new double[history];
        private int _count;
        private int _newest = -1;

        public void Compute(ReadOnlySpan<double> gradient, Span<double> direction)
        {
            for (var j = 0; j < gradient.Length; j++)
            {
                direction[j] = -gradient[j];
            }

            // Two-loop recursion: newest to oldest, scale by the newest pair's sᵀy/yᵀy, then oldest to newest.
            for (var k = 0; k < _count; k++)
            {
                var slot = Slot(k);
                _coefficients[slot] = _rho[slot] * Dot(_steps[slot], direction);
                Axpy(-_coefficients[slot], _changes[slot], direction);
            }

            if (_count > 0)
            {
                var newest = _newest;
                var scale = Dot(_steps[newest], _changes[newest]) / Dot(_changes[newest], _changes[newest]);
                for (var j = 0; j < direction.Length; j++)
                {
                    direction[j] *= scale;
                }
            }

            for (var k = _count - 1; k >= 0; k--)
            {
                var slot = Slot(k);
                var beta = _rho[slot] * Dot(_changes[slot], direction);
                Axpy(_coefficients[slot] - beta, _steps[slot], direction);
            }
        }

        public double InitialStep(double lastAccepted, ReadOnlySpan<double> gradient)
        {
            if (_count > 0)
            {
                return 1;
            }

            // Before any curvature is known, a first step of unit length along −g.
            var norm = Math.Sqrt(Dot(gradient, gradient));
            return norm > 0 ? 1 / norm : 1;
        }

        public void Update(ReadOnlySpan<double> step, ReadOnlySpan<double> gradientChange)
        {
            var curvature = Dot(step, gradientChange);
            if (!(curvature > 1e-12 * Math.Sqrt(Dot(step, step) * Dot(gradientChange, gradientChange))))
            {
                return; // keeps the implied Hessian positive definite
            }

            _newest = (_newest + 1) % history;
            step.CopyTo(_steps[_newest]);
            gradientChange.CopyTo(_changes[_newest]);
            _rho[_newest] = 1 / curvature;
            _count = Math.Min(_count + 1, history);
        }

        public void Save(BinaryWriter writer)
        {
            writer.Write(_count);
            writer.Write(_newest);
            StateIO.Write(writer, _rho);
            for (var slot = 0; slot < history; slot++)
            {
                StateIO.Write(writer, _steps[slot]);
                StateIO.Write(writer, _changes[slot]);
            }
        }

        public void Restore(BinaryReader reader)
        {
            _count = reader.ReadInt32();
            _newest = reader.ReadInt32();
            if (_count < 0 || _count > history || _newest < -1 || _newest >= history)
            {
                throw new InvalidDataException($"a saved L-BFGS history holds {_count} pairs (newest {_newest}) for a history of {history}");
            }

            StateIO.Read(reader, _rho);
            for (var slot = 0; slot < history; slot++)
            {
                StateIO.Read(reader, _steps[slot]);
                StateIO.Read(reader, _changes[slot]);
            }
        }

        /// <summary>The ring slot of the k-th newest pair (k = 0 is the newest).</summary>
        private int Slot(int k) => ((_newest - k) % history + history) % history;

        private static double[][] CreateRing(int size, int dimension) =>
            Enumerable.Range(0, size).Select(_ => new double[dimension]).ToArray();

        private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double sum = 0;
            for (var j = 0; j < a.Length; j++)
            {
                sum += a[j] * b[j];
            }

            return sum;
        }

        private static void Axpy(double scale, ReadOnlySpan<double> x, Span<double> y)
        {
            for (var j = 0; j < y.Length; j++)
            {
                y[j] += scale * x[j];
            }
        }
    }
}
