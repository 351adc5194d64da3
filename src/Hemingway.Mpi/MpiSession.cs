using System.Diagnostics;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Objectives;
using Hemingway.Engines;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Traces;

namespace Hemingway.Mpi;

/// <summary>
/// One rank's part of a bulk-synchronous run on MPI: the MPI counterpart of <see cref="Engines.BspSession"/>. Every rank
/// holds one worker on its own shard (the shards and worker seeds of <see cref="Engines.BspSession"/> for m = the number
/// of ranks, so the iterates are those of the other engines up to the order of floating-point sums); rank 0 also holds
/// the driver and leads, the other ranks follow in <see cref="Serve"/>. Rank 0 starts every collective step by
/// broadcasting a small header (what comes next: a phase with its lengths and round, an evaluation, or the end), so all
/// ranks agree on phases and iterations. A phase: rank 0 broadcasts the driver's vector, every rank computes its message,
/// <c>MPI_Allreduce</c> sums them on every rank, and rank 0 applies the sum. An evaluation: rank 0 broadcasts w, every
/// rank computes its <see cref="ShardObjective"/> and its compute time, and one allreduce adds them up. A checkpoint:
/// every rank sends its worker's per-row state and random stream to rank 0 (<c>MPI_Gatherv</c>), which adds the driver's
/// state and builds the same <see cref="RunCheckpoint"/> as <see cref="BspSession.Checkpoint"/>, so a run checkpointed on
/// MPI resumes on any engine and any m, and the other way round.
/// </summary>
public sealed class MpiSession
{
    private const int HeaderLength = 4;
    private const double StopCommand = 0;
    private const double PhaseCommand = 1;
    private const double EvaluateCommand = 2;
    private const double CheckpointCommand = 3;

    private readonly MpiCommunicator _world;
    private readonly IWorker _worker;
    private readonly IDriver? _driver;
    private readonly IDistributedAlgorithm _algorithm;
    private readonly int[][] _shards;
    private readonly int _seed;
    private readonly int _dimension;
    private readonly int _rows;
    private readonly double _lambda;
    private readonly double[] _header = new double[HeaderLength];
    private readonly double[] _point;
    private readonly double[] _evaluation;
    private double[] _broadcast = [];
    private double[] _message = [];
    private double _computeSeconds;
    private double _lastComputeSeconds;
    private double _wallSeconds;
    private long _bytes;
    private int _phases;
    private int _round;
    private int _computing;
    private bool _stopped;

    /// <summary>
    /// Creates this rank's worker on its shard of <paramref name="problem"/> (and, on rank 0, the driver). The full data is
    /// needed only here: keep no reference to it afterwards and only this rank's shard stays in memory.
    /// </summary>
    /// <param name="world">The ranks; m = its size.</param>
    /// <param name="problem">The whole problem, read by every rank.</param>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="seed">The run's seed: the partition and every worker's random stream.</param>
    /// <param name="resumeFrom">
    /// A checkpoint to continue (the same on every rank), on as many machines as ranks, as <see cref="BspSession"/> does;
    /// null to start.
    /// </param>
    /// <exception cref="HemingwayException">The checkpoint is of another algorithm or other data, or damaged.</exception>
    public MpiSession(MpiCommunicator world, RegularizedProblem problem, IDistributedAlgorithm algorithm, int seed, RunCheckpoint? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(algorithm);
        _world = world;
        _algorithm = algorithm;
        _seed = seed;
        _dimension = problem.Dimension;
        var machines = world.Size;
        var state = resumeFrom is null ? null : SessionState.Decode(resumeFrom.AlgorithmState);
        state?.CheckResumable(algorithm, problem.Rows, problem.Dimension);
        var samePartition = state?.SamePartition(machines, seed) ?? true;
        _shards = Partitioner.Partition(problem.Rows, machines, seed);
        var data = machines == 1 ? problem.Data : problem.Data.SelectRows(_shards[world.Rank]);
        _worker = algorithm.CreateWorker(new Shard(
            data, world.Rank, machines, problem.Rows, problem.Loss, problem.Lambda, seed, samePartition ? 0 : resumeFrom!.Iteration));
        if (world.IsRoot)
        {
            _driver = algorithm.CreateDriver(new ProblemShape(problem.Rows, problem.Dimension, problem.Loss, problem.Lambda, machines));
        }

        _rows = problem.Rows;
        _lambda = problem.Lambda;
        HasDual = algorithm.HasDual;
        ShardRows = data.Rows;
        _point = new double[problem.Dimension];
        _evaluation = new double[2 + machines];
        if (resumeFrom is not null)
        {
            Restore(resumeFrom, state!, samePartition);
        }
    }

    /// <summary>m, the number of ranks.</summary>
    public int Machines => _world.Size;

    /// <summary>The rows of this rank's shard.</summary>
    public int ShardRows { get; }

    /// <summary>Iterations completed so far (rank 0).</summary>
    public int Iteration { get; private set; }

    /// <summary>True when the algorithm keeps dual variables, so a duality gap is reported.</summary>
    public bool HasDual { get; }

    /// <summary>The current model w (rank 0).</summary>
    public ReadOnlySpan<double> Weights => Driver.Weights;

    /// <summary>The round this rank computes or computed last (read from other threads, for heartbeats).</summary>
    public int CurrentRound => Volatile.Read(ref _round);

    /// <summary>True while this rank runs its local step (read from other threads, for heartbeats).</summary>
    public bool IsComputing => Volatile.Read(ref _computing) != 0;

    private IDriver Driver => _driver ?? throw new InvalidOperationException("only rank 0 holds the driver and leads the run");

    /// <summary>Rank 0: runs one iteration on every rank, phase after phase until the driver completes a step.</summary>
    public void Step()
    {
        var driver = Driver;
        Iteration++;
        var start = _world.WallTime();
        var complete = false;
        while (!complete)
        {
            var broadcast = driver.Broadcast;
            var messageLength = driver.MessageLength;
            Lead(PhaseCommand, broadcast.Length, messageLength);
            EnsureLength(ref _broadcast, broadcast.Length);
            broadcast.CopyTo(_broadcast);
            Phase(broadcast.Length, messageLength, Iteration);
            complete = driver.Apply(_message);

            // Counted as BspSession counts them: one machine talks to no one; otherwise every worker receives the
            // broadcast and sends its message.
            long broadcastBytes = Machines > 1 ? broadcast.Length * sizeof(double) : 0;
            long messageBytes = Machines > 1 ? messageLength * sizeof(double) : 0;
            _bytes += Machines * (broadcastBytes + messageBytes);
        }

        _wallSeconds += _world.WallTime() - start;
    }

    /// <summary>
    /// Rank 0: the trace row of the current iterate, from every rank's shard sums (outside the clock). Its compute time
    /// is the slowest rank's compute time in this iteration (the sum over its phases).
    /// </summary>
    /// <param name="optimalPrimal">P*, when known, for the sub-optimality.</param>
    public TraceRow Evaluate(double? optimalPrimal)
    {
        Lead(EvaluateCommand, _point.Length, 0);
        Driver.Weights.CopyTo(_point);
        EvaluateHere();
        var computeSeconds = 0.0;
        for (var k = 2; k < _evaluation.Length; k++)
        {
            computeSeconds = Math.Max(computeSeconds, _evaluation[k]);
        }

        _lastComputeSeconds = computeSeconds;
        var primal = (_evaluation[0] / _rows) + (0.5 * _lambda * ObjectiveSums.SquaredNorm(_point));
        double? gap = HasDual ? _evaluation[1] / _rows : null;
        return new TraceRow(Iteration, _wallSeconds, null, computeSeconds, _bytes, primal, primal - gap, gap, primal - optimalPrimal);
    }

    /// <summary>
    /// Rank 0, between iterations: a checkpoint of the run, with every rank's per-row state and random stream gathered
    /// here.
    /// </summary>
    public RunCheckpoint Checkpoint()
    {
        var driver = Driver;
        Lead(CheckpointCommand, 0, 0);
        var parts = CheckpointHere()!;
        var rowStates = new double[parts.Length][];
        var streams = new byte[parts.Length][];
        for (var k = 0; k < parts.Length; k++)
        {
            using var reader = new BinaryReader(new MemoryStream(parts[k], writable: false));
            rowStates[k] = StateIO.ReadDoubles(reader);
            streams[k] = reader.ReadBytes(reader.ReadInt32());
        }

        var state = SessionState.Assemble(
            _algorithm, _seed, _rows, _dimension, SessionState.SaveDriver(driver), _shards, rowStates, streams);
        var clocks = new RunClocks(_wallSeconds, null, _lastComputeSeconds, _bytes, _phases);
        return new RunCheckpoint(Iteration, driver.Weights.ToArray(), clocks, _algorithm.Name, Machines, state.Encode());
    }

    /// <summary>Rank 0: ends the run on every rank (the others return from <see cref="Serve"/>).</summary>
    public void Stop()
    {
        if (!_stopped)
        {
            Lead(StopCommand, 0, 0);
            _stopped = true;
        }
    }

    /// <summary>Ranks other than 0: follows rank 0's phases and evaluations until it ends the run.</summary>
    public void Serve()
    {
        if (_world.IsRoot)
        {
            throw new InvalidOperationException("rank 0 leads the run; the other ranks serve");
        }

        while (true)
        {
            _world.Broadcast(_header);
            var command = _header[0];
            var broadcastLength = checked((int)_header[1]);
            var messageLength = checked((int)_header[2]);
            var round = checked((int)_header[3]);
            if (command == PhaseCommand)
            {
                EnsureLength(ref _broadcast, broadcastLength);
                Phase(broadcastLength, messageLength, round);
            }
            else if (command == EvaluateCommand)
            {
                EvaluateHere();
            }
            else if (command == CheckpointCommand)
            {
                _ = CheckpointHere();
            }
            else
            {
                _stopped = true;
                return;
            }
        }
    }

    private void Lead(double command, int broadcastLength, int messageLength)
    {
        if (_stopped)
        {
            throw new InvalidOperationException("the run was stopped");
        }

        _header[0] = command;
        _header[1] = broadcastLength;
        _header[2] = messageLength;
        _header[3] = Iteration;
        _world.Broadcast(_header);
    }

    /// <summary>One phase on this rank: receive the broadcast, compute the message, sum the messages of all ranks.</summary>
    private void Phase(int broadcastLength, int messageLength, int round)
    {
        var broadcast = _broadcast.AsSpan(0, broadcastLength);
        _world.Broadcast(broadcast);
        EnsureLength(ref _message, messageLength);
        Volatile.Write(ref _round, round);
        Volatile.Write(ref _computing, 1);
        var start = Stopwatch.GetTimestamp();
        _worker.Compute(round, broadcast, _message);
        _computeSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
        Volatile.Write(ref _computing, 0);
        _phases++;
        _world.AllreduceSum(_message);
    }

    /// <summary>This rank's part of a checkpoint: its per-row state and stream, gathered on rank 0 (null elsewhere).</summary>
    private byte[][]? CheckpointHere()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            StateIO.Write(writer, _worker.RowState);
            var saved = SessionState.SaveStream(_worker);
            writer.Write(saved.Length);
            writer.Write(saved);
        }

        return _world.Gather(stream.ToArray());
    }

    private void Restore(RunCheckpoint checkpoint, SessionState state, bool samePartition)
    {
        try
        {
            state.RestoreWorker(_worker, _world.Rank, _shards[_world.Rank], samePartition);
            if (_driver is not null)
            {
                state.RestoreDriver(_driver, checkpoint.Weights);
            }
        }
        catch (InvalidDataException e)
        {
            throw new HemingwayException($"a damaged checkpoint of {checkpoint.Algorithm} at iteration {checkpoint.Iteration}: {e.Message}", e);
        }

        var clocks = checkpoint.Clocks;
        Iteration = checkpoint.Iteration;
        Volatile.Write(ref _round, checkpoint.Iteration);
        _wallSeconds = clocks.WallSeconds;
        _bytes = clocks.Bytes;
        _phases = clocks.Phases;

        // The first evaluation reports the slowest compute time, which only rank 0 brings: the checkpoint's.
        _computeSeconds = _world.IsRoot ? clocks.ComputeSeconds : 0;
    }

    /// <summary>This rank's part of an evaluation: w from rank 0, then [loss sum, gap sum, each rank's compute time] summed.</summary>
    private void EvaluateHere()
    {
        _world.Broadcast(_point);
        var part = _worker.Evaluate(_point);
        Array.Clear(_evaluation);
        _evaluation[0] = part.LossSum;
        _evaluation[1] = part.GapSum;
        _evaluation[2 + _world.Rank] = _computeSeconds;
        _computeSeconds = 0;
        _world.AllreduceSum(_evaluation);
    }

    private static void EnsureLength(ref double[] buffer, int length)
    {
        if (buffer.Length != length)
        {
            buffer = new double[length];
        }
    }
}
