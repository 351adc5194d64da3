using System.Globalization;
using System.Text.Json;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Traces;

namespace Hemingway.Mpi;

/// <summary>
/// What one rank of an <c>mpirun</c> job does (the hidden <c>hemingway rank</c> command): take part in a run
/// (<see cref="Run"/>), check the bindings (<see cref="SelfTest"/>), or time an allreduce (<see cref="AllreduceBench"/>).
/// A rank that fails prints the failure (as a protocol line, see <see cref="RankProtocol"/>, and on stderr) and aborts
/// the whole job with <c>MPI_Abort</c>, so no rank is left waiting in a collective.
/// </summary>
public static class MpiRank
{
    /// <summary>
    /// Takes part in the run of <paramref name="plan"/>: every rank reads the data and keeps its shard (and, resuming,
    /// its part of the checkpoint rank 0 read from the store); rank 0 leads, writes every iteration into the trace store
    /// as it completes, saves checkpoints as the plan asks, and prints protocol lines on <paramref name="stdout"/>; every
    /// rank beats (see <see cref="RankProtocol"/>). Rank 0 stops after the current iteration when
    /// <paramref name="stdin"/> (forwarded by <c>mpirun</c> from the launching process) brings a line <c>stop</c>.
    /// </summary>
    /// <returns>The process exit code (0; a failure aborts the job instead).</returns>
    public static int Run(MpiRunPlan plan, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        // The heartbeat thread writes too: whole lines, never interleaved.
        var output = TextWriter.Synchronized(stdout);
        return Guarded(output, stderr, world =>
        {
            MpiSession? session = null;
            using var heartbeat = new RankHeartbeat(world.Rank, output, () => session is { } s ? (s.CurrentRound, s.IsComputing) : (0, false));
            session = Join(world, plan);
            if (world.IsRoot)
            {
                Lead(session, plan, output, stdin);
            }
            else
            {
                session.Serve();
            }
        });
    }

    /// <summary>
    /// Checks the bindings across all ranks: a broadcast and allreduces (in place, into another buffer, sum and max) of
    /// known vectors, a broadcast of bytes, a gather of byte arrays of different lengths, a barrier and the clock. Rank 0
    /// prints one JSON line with what it received and the number of failed checks over all ranks.
    /// </summary>
    /// <returns>0 when every check passed on every rank, 1 otherwise.</returns>
    public static int SelfTest(TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var exitCode = 0;
        Guarded(stdout, stderr, world =>
        {
            var (rank, size) = (world.Rank, world.Size);
            var failures = new List<string>();
            void Expect(string what, double expected, double actual)
            {
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
                {
                    failures.Add($"rank {rank}: {what}: expected {expected:R}, got {actual:R}");
                }
            }

            double[] sent = [1.5, -2.25, 3e300, double.Epsilon, -0.0];
            var broadcast = world.IsRoot ? sent.ToArray() : new double[sent.Length];
            world.Broadcast(broadcast);
            for (var i = 0; i < sent.Length; i++)
            {
                Expect($"broadcast[{i}]", sent[i], broadcast[i]);
            }

            // Small integers: every order of summation gives the exact sum.
            var sum = new double[5];
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] = (rank + 1) * (i + 1);
            }

            world.AllreduceSum(sum);
            for (var i = 0; i < sum.Length; i++)
            {
                Expect($"allreduce[{i}]", (i + 1) * size * (size + 1) / 2.0, sum[i]);
            }

            var into = new double[2];
            world.AllreduceSum([rank, 1.0], into);
            Expect("sum of ranks", size * (size - 1) / 2.0, into[0]);
            Expect("count of ranks", size, into[1]);
            var max = new[] { (double)rank };
            world.AllreduceMax(max);
            Expect("max rank", size - 1, max[0]);

            // Bytes: every value 0..255 broadcast, then each rank's (rank + 1)·3 bytes gathered on rank 0 in rank order.
            var bytes = new byte[257];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = world.IsRoot ? (byte)i : (byte)0;
            }

            world.Broadcast(bytes.AsSpan());
            for (var i = 0; i < bytes.Length; i++)
            {
                Expect($"byte broadcast[{i}]", (byte)i, bytes[i]);
            }

            static byte[] Part(int r) => [.. Enumerable.Range(0, (r + 1) * 3).Select(i => (byte)((r * 10) + i))];
            var gathered = world.Gather(Part(rank));
            if (world.IsRoot != gathered is not null)
            {
                failures.Add($"rank {rank}: gather returned {(gathered is null ? "nothing" : "arrays")}");
            }

            for (var r = 0; gathered is not null && r < size; r++)
            {
                if (!gathered[r].AsSpan().SequenceEqual(Part(r)))
                {
                    failures.Add($"rank {rank}: gathered part of rank {r} is [{string.Join(',', gathered[r])}]");
                }
            }

            var before = world.WallTime();
            world.Barrier();
            if (!(world.WallTime() >= before))
            {
                failures.Add($"rank {rank}: MPI_Wtime went backwards");
            }

            foreach (var failure in failures)
            {
                stderr.WriteLine(failure);
            }

            var failed = new[] { (double)failures.Count };
            world.AllreduceSum(failed);
            if (world.IsRoot)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    ranks = size,
                    broadcast,
                    allreduce = sum,
                    sum_of_ranks = into[0],
                    max_rank = max[0],
                    gathered_bytes = gathered?.Sum(g => g.Length) ?? 0,
                    failures = (int)failed[0],
                }));
            }

            exitCode = failed[0] == 0 ? 0 : 1;
        });
        return exitCode;
    }

    /// <summary>
    /// Times <paramref name="repetitions"/> in-place sum allreduces of <paramref name="doubles"/> doubles after
    /// <paramref name="warmup"/> untimed ones, as <c>bench/mpi-allreduce/allreduce.c</c> does; rank 0 prints
    /// <c>dotnet ranks=P doubles=N reps=R seconds_per_allreduce=S</c> (S: the slowest rank's mean).
    /// </summary>
    /// <returns>The process exit code.</returns>
    public static int AllreduceBench(int repetitions, int doubles, int warmup, TextWriter stdout, TextWriter stderr)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(doubles, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return Guarded(stdout, stderr, world =>
        {
            var x = new double[doubles];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = world.Rank + (i * 1e-6);
            }

            for (var r = 0; r < warmup; r++)
            {
                world.AllreduceSum(x);
            }

            world.Barrier();
            var start = world.WallTime();
            for (var r = 0; r < repetitions; r++)
            {
                world.AllreduceSum(x);
            }

            var seconds = new[] { (world.WallTime() - start) / repetitions };
            world.AllreduceMax(seconds);
            if (world.IsRoot)
            {
                stdout.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"dotnet ranks={world.Size} doubles={doubles} reps={repetitions} seconds_per_allreduce={seconds[0]:F9}"));
            }
        });
    }

    /// <summary>Reads the data, checks it is what the launching process read, and creates this rank's part of the run.</summary>
    private static MpiSession Join(MpiCommunicator world, MpiRunPlan plan)
    {
        var info = plan.Info;
        if (world.Size != info.Machines)
        {
            throw new HemingwayException($"the run is on {info.Machines} machines but mpirun started {world.Size} ranks");
        }

        var data = DatasetSpec.Load(info.Dataset, plan.LoadOptions);
        if (info.DataFraction < 1)
        {
            data = data.SelectRows(Partitioner.Subsample(data.Rows, info.DataFraction, info.Seed));
        }

        if (data.Rows != plan.Rows || data.Dimension != plan.Dimension)
        {
            throw new HemingwayException(
                $"rank {world.Rank} read {data.Rows} rows × {data.Dimension} features from {info.Dataset}, but the launching " +
                $"process read {plan.Rows} × {plan.Dimension}: every host must see the same data");
        }

        var problem = new RegularizedProblem(data, LossCatalog.Parse(info.Loss), info.Lambda);
        var algorithm = AlgorithmCatalog.Create(info.Algorithm, plan.Settings);
        DistributedRunner.Validate(new RunRequest(problem, algorithm, info.Machines, info.Seed), plan.Stop);
        return new MpiSession(world, problem, algorithm, info.Seed, plan.ResumeFrom is null ? null : ShareCheckpoint(world, plan));
    }

    /// <summary>Resuming: rank 0 reads the checkpoint from the store (only it may see the store) and every rank receives it.</summary>
    private static RunCheckpoint ShareCheckpoint(MpiCommunicator world, MpiRunPlan plan)
    {
        byte[] bytes = [];
        if (world.IsRoot)
        {
            using var store = TraceStore.Open(plan.StorePath);
            using var checkpoints = CheckpointStore.Open(store);
            bytes = (checkpoints.Latest(plan.ResumeFrom!)
                ?? throw new HemingwayException($"{plan.StorePath}: run '{plan.ResumeFrom}' has no checkpoint")).Checkpoint.Serialize();
        }

        var length = new[] { (double)bytes.Length };
        world.Broadcast(length);
        if (!world.IsRoot)
        {
            bytes = new byte[checked((int)length[0])];
        }

        world.Broadcast(bytes.AsSpan());
        return RunCheckpoint.Deserialize(bytes);
    }

    /// <summary>
    /// Rank 0: the loop of <see cref="DistributedRunner.Run"/>, with the rows written to the store and announced, and
    /// checkpoints saved every <see cref="MpiRunPlan.CheckpointEvery"/> iterations and at the end.
    /// </summary>
    private static void Lead(MpiSession session, MpiRunPlan plan, TextWriter stdout, TextReader? stdin)
    {
        using var stopRequest = new CancellationTokenSource();
        if (stdin is not null)
        {
            ListenForStop(stdin, stopRequest);
        }

        using var store = TraceStore.Open(plan.StorePath);
        using var writer = store.BeginRun(plan.Info, plan.Config);
        var saving = plan.CheckpointEvery > 0 && plan.Setup is not null;
        using var checkpoints = saving || plan.ResumeFrom is not null ? CheckpointStore.Open(store) : null;
        if (plan.ResumeFrom is not null)
        {
            checkpoints!.RecordResume(plan.Info.RunId, plan.ResumeFrom, session.Iteration);
        }

        void Record(TraceRow row)
        {
            writer.Append(row);
            stdout.WriteLine(RankProtocol.Row(row));
            stdout.Flush();
        }

        var lastSaved = session.Iteration;
        void Save()
        {
            checkpoints!.Save(plan.Info.RunId, session.Checkpoint(), plan.Setup!);
            lastSaved = session.Iteration;
            stdout.WriteLine(RankProtocol.Checkpoint(lastSaved));
            stdout.Flush();
        }

        var stop = plan.Stop;
        var row = session.Evaluate(stop.OptimalPrimal);
        Record(row);
        var reason = StopReason.IterationLimit;
        var done = stop.MaxIterations <= 0;
        if (plan.ResumeFrom is not null && Check(stop, row) is { } already)
        {
            reason = already;
            done = true;
        }

        while (!done)
        {
            if (stopRequest.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            session.Step();
            row = session.Evaluate(stop.OptimalPrimal);
            Record(row);
            if (saving && session.Iteration % plan.CheckpointEvery == 0)
            {
                Save();
            }

            if (Check(stop, row) is { } why)
            {
                reason = why;
                break;
            }
        }

        if (saving && lastSaved != session.Iteration && reason != StopReason.Diverged)
        {
            Save();
        }

        session.Stop();
        writer.Finish(JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString()));
        stdout.WriteLine(RankProtocol.Done(row, reason));
        stdout.Flush();
    }

    private static StopReason? Check(StopCriteria stop, TraceRow row)
    {
        var relativeGap = row.Gap is { } gap ? gap / Math.Abs(row.Primal) : double.NaN;
        return stop.Check(row.Iteration, row.WallSeconds, row.Primal, relativeGap);
    }

    /// <summary>Cancels <paramref name="stopRequest"/> when a line <c>stop</c> arrives on <paramref name="stdin"/>.</summary>
    private static void ListenForStop(TextReader stdin, CancellationTokenSource stopRequest)
    {
        var listener = new Thread(() =>
        {
            try
            {
                while (stdin.ReadLine() is { } line)
                {
                    if (line.Trim() == RankProtocol.StopRequest)
                    {
                        stopRequest.Cancel();
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // No stdin: nobody can ask for a stop.
            }
        })
        {
            IsBackground = true,
            Name = "hemingway-stop-listener",
        };
        listener.Start();
    }

    /// <summary>
    /// Initialises MPI, runs <paramref name="body"/>, finalises. A failure is printed and aborts every rank with exit
    /// code 2 (bad input) or 1 (a bug).
    /// </summary>
    private static int Guarded(TextWriter stdout, TextWriter stderr, Action<MpiCommunicator> body)
    {
        var world = MpiCommunicator.InitializeWorld();
        try
        {
            body(world);
        }
        catch (Exception e)
        {
            var badInput = e is HemingwayException;
            var message = badInput ? e.Message : $"{e.GetType().Name}: {e.Message}";
            stdout.WriteLine(RankProtocol.Error(world.Rank, message, badInput));
            stdout.Flush();
            stderr.WriteLine($"hemingway rank {world.Rank}: {(badInput ? "error" : "internal error")}: {message}");
            if (Environment.GetEnvironmentVariable("HEMINGWAY_DEBUG") == "1")
            {
                stderr.WriteLine(e);
            }

            stderr.Flush();
            world.Abort(badInput ? 2 : 1);
        }

        world.Dispose();
        return 0;
    }
}
