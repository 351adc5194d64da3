using Hemingway.Algorithms.Distributed;
using Hemingway.Core;

namespace Hemingway.Engines.Checkpoints;

/// <summary>
/// The algorithm state of a <see cref="RunCheckpoint"/>, decoded: which run saved it (algorithm, parameters, m, seed,
/// data shape), the driver's state, every worker's per-row state placed at its global row (so it can be dealt out
/// again on any partition), and every worker's random stream (only meaningful on the same partition). Sessions of every
/// engine build it from their driver and workers and restore them from it, so a checkpoint saved on one engine
/// resumes on another.
/// </summary>
public sealed class SessionState
{
    private const int FormatVersion = 1;

    /// <summary>A state from its parts (see the properties).</summary>
    public SessionState(
        string algorithm, string parameters, int machines, int seed, int rows, int dimension, byte[] driver, double[]? rowState, byte[][] workers)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(workers);
        if (workers.Length != machines)
        {
            throw new ArgumentException($"{workers.Length} worker streams for {machines} machines", nameof(workers));
        }

        if (rowState is not null && rowState.Length != rows)
        {
            throw new ArgumentException($"{rowState.Length} row values for {rows} rows", nameof(rowState));
        }

        (Algorithm, Parameters, Machines, Seed, Rows, Dimension) = (algorithm, parameters, machines, seed, rows, dimension);
        (Driver, RowState, Workers) = (driver, rowState, workers);
    }

    /// <summary>The algorithm's name.</summary>
    public string Algorithm { get; }

    /// <summary>The algorithm's parameters as text (<see cref="IDistributedAlgorithm.Parameters"/>).</summary>
    public string Parameters { get; }

    /// <summary>m of the run that saved it.</summary>
    public int Machines { get; }

    /// <summary>The run's seed (the partition and the workers' streams).</summary>
    public int Seed { get; }

    /// <summary>n.</summary>
    public int Rows { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>What <see cref="IDriver.Save"/> wrote.</summary>
    public byte[] Driver { get; }

    /// <summary>The workers' <see cref="IWorker.RowState"/> by global row; null for algorithms that keep none.</summary>
    public double[]? RowState { get; }

    /// <summary>What each worker's <see cref="IWorker.SaveStream"/> wrote, by worker.</summary>
    public byte[][] Workers { get; }

    /// <summary>What <see cref="IDriver.Save"/> writes.</summary>
    public static byte[] SaveDriver(IDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return Write(driver.Save);
    }

    /// <summary>What <see cref="IWorker.SaveStream"/> writes.</summary>
    public static byte[] SaveStream(IWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return Write(worker.SaveStream);
    }

    /// <summary>
    /// The state of a run whose worker k holds the global rows <paramref name="shards"/>[k] and whose per-row states
    /// (in shard order, empty when the algorithm keeps none) and streams are given by worker.
    /// </summary>
    public static SessionState Assemble(
        IDistributedAlgorithm algorithm, int seed, int rows, int dimension, byte[] driver, int[][] shards,
        IReadOnlyList<double[]> rowStates, byte[][] streams)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(rowStates);
        double[]? global = null;
        if (rowStates.Any(r => r.Length > 0))
        {
            global = new double[rows];
            for (var k = 0; k < shards.Length; k++)
            {
                if (rowStates[k].Length != shards[k].Length)
                {
                    throw new InvalidOperationException($"worker {k} keeps {rowStates[k].Length} row values for {shards[k].Length} rows");
                }

                for (var i = 0; i < shards[k].Length; i++)
                {
                    global[shards[k][i]] = rowStates[k][i];
                }
            }
        }

        return new SessionState(algorithm.Name, algorithm.Parameters, shards.Length, seed, rows, dimension, driver, global, streams);
    }

    /// <summary>True when a run on <paramref name="machines"/> with <paramref name="seed"/> has the same partition, so the streams carry over.</summary>
    public bool SamePartition(int machines, int seed) => machines == Machines && seed == Seed;

    /// <summary>Throws a <see cref="HemingwayException"/> saying why a run of this algorithm on this data cannot continue from here.</summary>
    public void CheckResumable(IDistributedAlgorithm algorithm, int rows, int dimension)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (algorithm.Name != Algorithm || algorithm.Parameters != Parameters)
        {
            throw new HemingwayException(
                $"the checkpoint is of {Algorithm} ({Parameters}); it cannot continue {algorithm.Name} ({algorithm.Parameters})");
        }

        if (rows != Rows || dimension != Dimension)
        {
            throw new HemingwayException(
                $"the checkpoint is of data with {Rows} rows × {Dimension} features; this data has {rows} × {dimension}");
        }
    }

    /// <summary>Restores a driver just created for the run being resumed.</summary>
    public void RestoreDriver(IDriver driver, ReadOnlySpan<double> weights)
    {
        ArgumentNullException.ThrowIfNull(driver);
        using var reader = Reader(Driver);
        driver.Restore(weights, reader.Reader);
        reader.CheckEnd("driver");
    }

    /// <summary>
    /// Restores worker <paramref name="index"/> of the resumed run, which holds the global rows <paramref name="shard"/>:
    /// its per-row state always, its stream when the partition is the same.
    /// </summary>
    public void RestoreWorker(IWorker worker, int index, int[] shard, bool samePartition)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(shard);
        var rowState = worker.RowState;
        if (RowState is null != (rowState.Length == 0))
        {
            throw new InvalidDataException($"the checkpoint {(RowState is null ? "keeps no" : "keeps")} per-row state, the worker {(rowState.Length == 0 ? "none" : "some")}");
        }

        if (RowState is not null)
        {
            if (rowState.Length != shard.Length)
            {
                throw new InvalidOperationException($"worker {index} keeps {rowState.Length} row values for {shard.Length} rows");
            }

            for (var i = 0; i < shard.Length; i++)
            {
                rowState[i] = RowState[shard[i]];
            }
        }

        if (samePartition)
        {
            using var reader = Reader(Workers[index]);
            worker.RestoreStream(reader.Reader);
            reader.CheckEnd($"worker {index}");
        }
    }

    /// <summary>The state as bytes (<see cref="Decode"/> reads them back).</summary>
    public byte[] Encode() => Write(writer =>
    {
        writer.Write(FormatVersion);
        writer.Write(Algorithm);
        writer.Write(Parameters);
        writer.Write(Machines);
        writer.Write(Seed);
        writer.Write(Rows);
        writer.Write(Dimension);
        writer.Write(Driver.Length);
        writer.Write(Driver);
        writer.Write(RowState is not null);
        if (RowState is not null)
        {
            StateIO.Write(writer, RowState);
        }

        foreach (var stream in Workers)
        {
            writer.Write(stream.Length);
            writer.Write(stream);
        }
    });

    /// <summary>The state <see cref="Encode"/> wrote.</summary>
    /// <exception cref="HemingwayException">The bytes are damaged.</exception>
    public static SessionState Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = Reader(bytes);
            var r = reader.Reader;
            var version = r.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"algorithm state of format {version}, expected {FormatVersion}");
            }

            var algorithm = r.ReadString();
            var parameters = r.ReadString();
            var machines = r.ReadInt32();
            var seed = r.ReadInt32();
            var rows = r.ReadInt32();
            var dimension = r.ReadInt32();
            if (machines < 1 || rows < machines || dimension < 0)
            {
                throw new InvalidDataException($"algorithm state of {machines} machines, {rows} rows, {dimension} features");
            }

            var driver = ReadBlock(r);
            var rowState = r.ReadBoolean() ? StateIO.ReadDoubles(r) : null;
            var workers = new byte[machines][];
            for (var k = 0; k < machines; k++)
            {
                workers[k] = ReadBlock(r);
            }

            reader.CheckEnd("algorithm state");
            return new SessionState(algorithm, parameters, machines, seed, rows, dimension, driver, rowState, workers);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new HemingwayException($"a damaged checkpoint: {e.Message}", e);
        }
    }

    private static byte[] ReadBlock(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"a block of {length} bytes where {reader.BaseStream.Length - reader.BaseStream.Position} remain");
        }

        return reader.ReadBytes(length);
    }

    private static byte[] Write(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static BlockReader Reader(byte[] bytes) => new(new BinaryReader(new MemoryStream(bytes, writable: false)));

    /// <summary>A reader over one saved block that checks the block was read to its end.</summary>
    private readonly struct BlockReader(BinaryReader reader) : IDisposable
    {
        public BinaryReader Reader => reader;

        public void CheckEnd(string what)
        {
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException($"the saved {what} has {reader.BaseStream.Length - reader.BaseStream.Position} bytes more than it reads");
            }
        }

        public void Dispose() => reader.Dispose();
    }
}
