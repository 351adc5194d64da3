using Hemingway.Core.Objectives;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// The driver of the full-gradient methods (GD, L-BFGS). Every phase the workers evaluate the objective and gradient
/// at the broadcast point; the driver runs a backtracking line search with the Armijo condition
/// P(w + t p) ≤ P(w) + c₁ t ∇P(w)·p, halving t until it holds. An iteration ends when a step is accepted.
/// </summary>
internal sealed class LineSearchDriver : IDriver
{
    private const double Armijo = 1e-4;

    // Below this the direction cannot decrease P in floating point; the step is abandoned and the iteration ends.
    private const double SmallestStep = 1e-20;

    private readonly ProblemShape _shape;
    private readonly IDescentDirection _direction;
    private readonly double[] _w;
    private readonly double[] _gradient;
    private readonly double[] _p;
    private readonly double[] _trial;
    private readonly double[] _trialGradient;
    private readonly double[] _step;
    private readonly double[] _gradientChange;
    private double _objective;
    private double _t;
    private bool _haveStart;

    public LineSearchDriver(ProblemShape shape, IDescentDirection direction)
    {
        _shape = shape;
        _direction = direction;
        var d = shape.Dimension;
        _w = new double[d];
        _gradient = new double[d];
        _p = new double[d];
        _trial = new double[d];
        _trialGradient = new double[d];
        _step = new double[d];
        _gradientChange = new double[d];
    }

    public ReadOnlySpan<double> Broadcast => _haveStart ? _trial : _w;

    public int MessageLength => _w.Length + 1;

    public ReadOnlySpan<double> Weights => _w;

    public bool Apply(ReadOnlySpan<double> sum)
    {
        if (!_haveStart)
        {
            // The first phase only evaluates the starting point.
            _objective = ObjectiveAndGradient(_w, sum, _gradient);
            _haveStart = true;
            StartLineSearch(lastAccepted: 0);
            return false;
        }

        var trialObjective = ObjectiveAndGradient(_trial, sum, _trialGradient);
        var slope = Dot(_gradient, _p);
        if (trialObjective <= _objective + (Armijo * _t * slope))
        {
            for (var j = 0; j < _w.Length; j++)
            {
                _step[j] = _trial[j] - _w[j];
                _gradientChange[j] = _trialGradient[j] - _gradient[j];
            }

            _direction.Update(_step, _gradientChange);
            _trial.CopyTo(_w, 0);
            _trialGradient.CopyTo(_gradient, 0);
            _objective = trialObjective;
            StartLineSearch(_t);
            return true;
        }

        _t /= 2;
        if (_t < SmallestStep)
        {
            StartLineSearch(lastAccepted: 0);
            return true;
        }

        SetTrial();
        return false;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(_haveStart);
        writer.Write(_objective);
        writer.Write(_t);
        StateIO.Write(writer, _gradient);
        StateIO.Write(writer, _p);
        StateIO.Write(writer, _trial);
        _direction.Save(writer);
    }

    public void Restore(ReadOnlySpan<double> weights, BinaryReader reader)
    {
        StateIO.CheckedCopy(weights, _w);
        _haveStart = reader.ReadBoolean();
        _objective = reader.ReadDouble();
        _t = reader.ReadDouble();
        StateIO.Read(reader, _gradient);
        StateIO.Read(reader, _p);
        StateIO.Read(reader, _trial);
        _direction.Restore(reader);
    }

    private void StartLineSearch(double lastAccepted)
    {
        _direction.Compute(_gradient, _p);
        if (Dot(_gradient, _p) >= 0)
        {
            // Not a descent direction (a curvature pair gone bad): fall back to steepest descent.
            for (var j = 0; j < _p.Length; j++)
            {
                _p[j] = -_gradient[j];
            }
        }

        _t = _direction.InitialStep(lastAccepted, _gradient);
        SetTrial();
    }

    private void SetTrial()
    {
        for (var j = 0; j < _w.Length; j++)
        {
            _trial[j] = _w[j] + (_t * _p[j]);
        }
    }

    /// <summary>P and ∇P at <paramref name="point"/> from the summed messages (loss-gradient sum, then loss sum).</summary>
    private double ObjectiveAndGradient(ReadOnlySpan<double> point, ReadOnlySpan<double> sum, Span<double> gradient)
    {
        var n = _shape.Rows;
        for (var j = 0; j < gradient.Length; j++)
        {
            gradient[j] = (sum[j] / n) + (_shape.Lambda * point[j]);
        }

        return (sum[^1] / n) + (0.5 * _shape.Lambda * ObjectiveSums.SquaredNorm(point));
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }
}
