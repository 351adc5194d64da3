using Hemingway.Core;

namespace Hemingway.Engines;

/// <summary>
/// Everything needed to continue a bulk-synchronous run after iteration <see cref="Iteration"/>: the model w, the
/// clocks, and the algorithm's opaque state (the driver's state, the workers' per-row state by global row, each
/// worker's random stream; see <see cref="Checkpoints.SessionState"/>). <see cref="BspSession"/> takes one and continues
/// from it, on the same number of machines or on another.
/// </summary>
/// <remarks>
/// Resuming on the same m with the same seed continues exactly: the iterates are bit for bit those of the run that was
/// never interrupted. Resuming on another m re-partitions the per-row state with the seed and the new m, and the workers
/// draw fresh random streams derived from the seed and the iteration; what that means per algorithm:
/// <list type="bullet">
/// <item>cocoa, cocoa+: each α_i moves to the worker that now holds row i, so w = w(α) still holds and the duality gap
/// stays valid; from there on it is CoCoA on the new m (β/m or σ' = γm with the new m), with fresh permutations.</item>
/// <item>minibatch-sgd, local-sgd: w and the step counter carry over; the step size η = 1/(λt) continues from the
/// iteration (local SGD counts t with the new m's H·m steps per round, about n·H/n_k either way); fresh samples.</item>
/// <item>gd, lbfgs: nothing depends on m (the workers only sum gradients), so the run continues as it would have, up to
/// the order of floating-point sums; L-BFGS keeps its curvature pairs and line search.</item>
/// </list>
/// </remarks>
public sealed class RunCheckpoint
{
    private const int Magic = 0x4B43_5748; // "HWCK" in little-endian bytes
    private const int FormatVersion = 1;

    /// <summary>A checkpoint after <paramref name="iteration"/>.</summary>
    /// <param name="iteration">The iterations completed.</param>
    /// <param name="weights">w after that iteration.</param>
    /// <param name="clocks">The clocks after that iteration.</param>
    /// <param name="algorithm">The algorithm's name, for messages.</param>
    /// <param name="machines">m of the run that saved it.</param>
    /// <param name="algorithmState">The algorithm's state (<see cref="Checkpoints.SessionState.Encode"/>).</param>
    public RunCheckpoint(int iteration, double[] weights, RunClocks clocks, string algorithm, int machines, byte[] algorithmState)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(clocks);
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentOutOfRangeException.ThrowIfLessThan(machines, 1);
        ArgumentNullException.ThrowIfNull(algorithmState);
        Iteration = iteration;
        Weights = weights;
        Clocks = clocks;
        Algorithm = algorithm;
        Machines = machines;
        AlgorithmState = algorithmState;
    }

    /// <summary>The iterations completed; a resumed run's next iteration is this plus one.</summary>
    public int Iteration { get; }

    /// <summary>The model w after <see cref="Iteration"/>.</summary>
    public double[] Weights { get; }

    /// <summary>The clocks after <see cref="Iteration"/>; a resumed run's clocks continue from them.</summary>
    public RunClocks Clocks { get; }

    /// <summary>The algorithm's name ("cocoa+").</summary>
    public string Algorithm { get; }

    /// <summary>m of the run that saved it.</summary>
    public int Machines { get; }

    /// <summary>The algorithm's state, opaque except to <see cref="Checkpoints.SessionState"/>.</summary>
    public byte[] AlgorithmState { get; }

    /// <summary>The checkpoint as bytes (<see cref="Deserialize"/> reads them back, doubles bit for bit).</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Iteration);
            writer.Write(Algorithm);
            writer.Write(Machines);
            writer.Write(Clocks.WallSeconds);
            writer.Write(Clocks.SimulatedSeconds.HasValue);
            writer.Write(Clocks.SimulatedSeconds ?? 0);
            writer.Write(Clocks.ComputeSeconds);
            writer.Write(Clocks.Bytes);
            writer.Write(Clocks.Phases);
            Algorithms.Distributed.StateIO.Write(writer, Weights);
            writer.Write(AlgorithmState.Length);
            writer.Write(AlgorithmState);
        }

        return stream.ToArray();
    }

    /// <summary>The checkpoint <see cref="Serialize"/> wrote.</summary>
    /// <exception cref="HemingwayException">The bytes are not a checkpoint, or are damaged.</exception>
    public static RunCheckpoint Deserialize(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            if (reader.ReadInt32() != Magic)
            {
                throw new HemingwayException("not a Hemingway checkpoint");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new HemingwayException($"a checkpoint of format {version}, which this Hemingway (format {FormatVersion}) cannot read");
            }

            var iteration = reader.ReadInt32();
            var algorithm = reader.ReadString();
            var machines = reader.ReadInt32();
            var wall = reader.ReadDouble();
            var hasSimulated = reader.ReadBoolean();
            var simulated = reader.ReadDouble();
            var clocks = new RunClocks(wall, hasSimulated ? simulated : null, reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt32());
            var weights = Algorithms.Distributed.StateIO.ReadDoubles(reader);
            var length = reader.ReadInt32();
            var state = length >= 0 ? reader.ReadBytes(length) : [];
            if (length < 0 || state.Length != length || stream.Position != stream.Length || iteration < 0 || machines < 1)
            {
                throw new HemingwayException("a damaged checkpoint (its lengths do not add up)");
            }

            return new RunCheckpoint(iteration, weights, clocks, algorithm, machines, state);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            throw new HemingwayException($"a damaged checkpoint: {e.Message}", e);
        }
    }
}
