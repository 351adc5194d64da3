using System.Diagnostics;
using System.Numerics.Tensors;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Objectives;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Traces;

namespace Hemingway.Engines;

/// <summary>
/// A bulk-synchronous run in progress: the driver, the m workers on their seeded shards, and the clocks. Each
/// <see cref="Step"/> is one iteration: phase after phase it broadcasts the driver's vector, has the engine run every
/// worker, sums the messages in worker order (so every engine sees the same sums, hence the same iterates) and hands the
/// sum to the driver. <see cref="Evaluate"/> computes the objective from the workers' shard sums, outside the clocks.
/// <see cref="Checkpoint"/> saves the run between iterations, and a session created from a checkpoint continues it, on
/// the same m exactly, or on another m as <see cref="RunCheckpoint"/> describes.
/// </summary>
public sealed class BspSession
{
    private readonly IEngine _engine;
    private readonly RegularizedProblem _problem;
    private readonly List<IWorker> _workers;
    private readonly IDriver _driver;
    private readonly IDistributedAlgorithm _algorithm;
    private readonly int[][] _shards;
    private readonly int _seed;
    private readonly bool _hasDual;
    private readonly PhaseStats _stats;
    private readonly double[][] _messages;
    private readonly Stopwatch _wall = new();
    private readonly ShardObjective[] _parts;
    private readonly TestErrorMeter? _test;
    private double[] _broadcast = [];
    private double[] _sum = [];
    private double _simulatedSeconds;
    private double _lastComputeSeconds;
    private double _wallOffset;
    private long _bytes;
    private int _phases;

    /// <summary>Partitions the data and creates the driver and workers; throws a <see cref="HemingwayException"/> for a bad request.</summary>
    public BspSession(RunRequest request, IEngine engine)
        : this(request, engine, resumeFrom: null)
    {
    }

    /// <summary>
    /// Partitions the data and creates the driver and workers, then, given a checkpoint, continues from it: the
    /// iteration count, the clocks and the algorithm's state carry over, on <see cref="RunRequest.Machines"/> machines
    /// whether or not the checkpoint was saved on as many (see <see cref="RunCheckpoint"/>).
    /// </summary>
    /// <exception cref="HemingwayException">A bad request, or a checkpoint of another algorithm, other data, or damaged.</exception>
    public BspSession(RunRequest request, IEngine engine, RunCheckpoint? resumeFrom)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        request.Validate();
        _engine = engine;
        _problem = request.Problem;
        _algorithm = request.Algorithm;
        _seed = request.Seed;
        Machines = request.Machines;
        var state = resumeFrom is null ? null : SessionState.Decode(resumeFrom.AlgorithmState);
        state?.CheckResumable(request.Algorithm, _problem.Rows, _problem.Dimension);
        var samePartition = state?.SamePartition(Machines, request.Seed) ?? true;
        _shards = Partitioner.Partition(_problem.Rows, Machines, request.Seed);
        _workers = CreateWorkers(request, _shards, samePartition ? 0 : resumeFrom!.Iteration);
        _driver = request.Algorithm.CreateDriver(new ProblemShape(_problem.Rows, _problem.Dimension, _problem.Loss, _problem.Lambda, Machines));
        _hasDual = request.Algorithm.HasDual;
        _stats = new PhaseStats(Machines);
        _messages = Enumerable.Range(0, Machines).Select(_ => Array.Empty<double>()).ToArray();
        _parts = new ShardObjective[Machines];
        _test = request.TestData is { } testData ? new TestErrorMeter(testData, _problem.Loss) : null;
        if (resumeFrom is not null)
        {
            Restore(resumeFrom, state!, samePartition);
        }
    }

    /// <summary>m.</summary>
    public int Machines { get; }

    /// <summary>Iterations completed so far.</summary>
    public int Iteration { get; private set; }

    /// <summary>True when the algorithm keeps dual variables, so a duality gap is reported.</summary>
    public bool HasDual => _hasDual;

    /// <summary>The current model w.</summary>
    public ReadOnlySpan<double> Weights => _driver.Weights;

    /// <summary>Real seconds of the iterations so far (a resumed run's include those before its checkpoint).</summary>
    private double WallSeconds => _wallOffset + _wall.Elapsed.TotalSeconds;

    /// <summary>Runs one iteration: every phase of it, until the driver completes a step.</summary>
    public void Step()
    {
        Iteration++;
        _wall.Start();
        _lastComputeSeconds = 0;
        var complete = false;
        while (!complete)
        {
            complete = RunPhase();
        }

        _wall.Stop();
    }

    /// <summary>
    /// The trace row of the current iterate: P, and D and the gap where the method keeps a dual, and the test error when
    /// the request has test data.
    /// </summary>
    /// <param name="optimalPrimal">P*, when known, for the sub-optimality.</param>
    public TraceRow Evaluate(double? optimalPrimal)
    {
        var w = _driver.Weights.ToArray();
        Parallel.For(0, _workers.Count, k => _parts[k] = _workers[k].Evaluate(w));
        var total = default(ShardObjective);
        foreach (var part in _parts)
        {
            total += part;
        }

        var primal = (total.LossSum / _problem.Rows) + (0.5 * _problem.Lambda * ObjectiveSums.SquaredNorm(w));
        double? gap = _hasDual ? total.GapSum / _problem.Rows : null;
        return new TraceRow(
            Iteration,
            WallSeconds,
            _engine.IsSimulated ? _simulatedSeconds : null,
            _lastComputeSeconds,
            _bytes,
            primal,
            primal - gap,
            gap,
            primal - optimalPrimal,
            _test?.Measure(w));
    }

    /// <summary>
    /// Everything needed to continue the run after the current iteration (call it between <see cref="Step"/>s): w, the
    /// clocks, the driver's state, the workers' per-row state by global row and their random streams.
    /// </summary>
    public RunCheckpoint Checkpoint()
    {
        var state = SessionState.Assemble(
            _algorithm,
            _seed,
            _problem.Rows,
            _problem.Dimension,
            SessionState.SaveDriver(_driver),
            _shards,
            [.. _workers.Select(w => w.RowState.ToArray())],
            [.. _workers.Select(SessionState.SaveStream)]);
        var clocks = new RunClocks(WallSeconds, _engine.IsSimulated ? _simulatedSeconds : null, _lastComputeSeconds, _bytes, _phases);
        return new RunCheckpoint(Iteration, _driver.Weights.ToArray(), clocks, _algorithm.Name, Machines, state.Encode());
    }

    private void Restore(RunCheckpoint checkpoint, SessionState state, bool samePartition)
    {
        try
        {
            state.RestoreDriver(_driver, checkpoint.Weights);
            for (var k = 0; k < _workers.Count; k++)
            {
                state.RestoreWorker(_workers[k], k, _shards[k], samePartition);
            }
        }
        catch (InvalidDataException e)
        {
            throw new HemingwayException($"a damaged checkpoint of {checkpoint.Algorithm} at iteration {checkpoint.Iteration}: {e.Message}", e);
        }

        Iteration = checkpoint.Iteration;
        var clocks = checkpoint.Clocks;
        _wallOffset = clocks.WallSeconds;
        _simulatedSeconds = clocks.SimulatedSeconds ?? 0;
        _lastComputeSeconds = clocks.ComputeSeconds;
        _bytes = clocks.Bytes;
        _phases = clocks.Phases;
    }

    /// <summary>One phase; true when the driver completed an iteration with it.</summary>
    private bool RunPhase()
    {
        var broadcast = _driver.Broadcast;
        EnsureLength(ref _broadcast, broadcast.Length);
        broadcast.CopyTo(_broadcast);
        var messageLength = _driver.MessageLength;
        EnsureLength(ref _sum, messageLength);
        for (var k = 0; k < Machines; k++)
        {
            EnsureLength(ref _messages[k], messageLength);
        }

        _engine.Execute(_workers, Iteration, _broadcast, _messages, _stats);
        _sum.AsSpan().Clear();
        foreach (var message in _messages)
        {
            TensorPrimitives.Add(_sum, message, _sum);
        }

        var complete = _driver.Apply(_sum);

        // One machine talks to no one; otherwise every worker receives the broadcast and sends its message.
        long broadcastBytes = Machines > 1 ? _broadcast.Length * sizeof(double) : 0;
        long messageBytes = Machines > 1 ? messageLength * sizeof(double) : 0;
        _bytes += Machines * (broadcastBytes + messageBytes);
        _simulatedSeconds += _engine.PhaseSeconds(_stats, broadcastBytes, messageBytes, _phases++);
        _lastComputeSeconds += _stats.MaxComputeSeconds;
        return complete;
    }

    /// <summary>The workers on their shards; <paramref name="resumedAt"/> is 0, or the iteration a run resumed at on a new partition.</summary>
    private static List<IWorker> CreateWorkers(RunRequest request, int[][] shards, int resumedAt)
    {
        var problem = request.Problem;
        var workers = new List<IWorker>(shards.Length);
        for (var k = 0; k < shards.Length; k++)
        {
            var data = shards.Length == 1 ? problem.Data : problem.Data.SelectRows(shards[k]);
            workers.Add(request.Algorithm.CreateWorker(
                new Shard(data, k, shards.Length, problem.Rows, problem.Loss, problem.Lambda, request.Seed, resumedAt)));
        }

        return workers;
    }

    private static void EnsureLength(ref double[] buffer, int length)
    {
        if (buffer.Length != length)
        {
            buffer = new double[length];
        }
    }
}
