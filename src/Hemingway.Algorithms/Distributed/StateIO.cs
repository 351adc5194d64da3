using System.Runtime.InteropServices;

namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// Length-prefixed arrays for the saved states of drivers and workers, bit for bit (little-endian, as
/// <see cref="BinaryWriter"/> writes), read back into buffers of the expected length so a state saved by another
/// configuration is refused instead of misread.
/// </summary>
public static class StateIO
{
    /// <summary>Writes the length, then the values.</summary>
    public static void Write(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Writes the length, then the values.</summary>
    public static void Write(BinaryWriter writer, ReadOnlySpan<int> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads what <see cref="Write(BinaryWriter, ReadOnlySpan{double})"/> wrote into <paramref name="values"/>, whose length it must have.</summary>
    /// <exception cref="InvalidDataException">The stored length differs, or the bytes end early.</exception>
    public static void Read(BinaryReader reader, Span<double> values) => Read(reader, MemoryMarshal.AsBytes(values), values.Length, "numbers");

    /// <summary>Reads what <see cref="Write(BinaryWriter, ReadOnlySpan{int})"/> wrote into <paramref name="values"/>, whose length it must have.</summary>
    /// <exception cref="InvalidDataException">The stored length differs, or the bytes end early.</exception>
    public static void Read(BinaryReader reader, Span<int> values) => Read(reader, MemoryMarshal.AsBytes(values), values.Length, "integers");

    /// <summary>Copies a restored w into a driver's, which must have its length.</summary>
    /// <exception cref="InvalidDataException">The lengths differ.</exception>
    public static void CheckedCopy(ReadOnlySpan<double> weights, Span<double> w)
    {
        if (weights.Length != w.Length)
        {
            throw new InvalidDataException($"a saved w has {weights.Length} coordinates where {w.Length} were expected");
        }

        weights.CopyTo(w);
    }

    /// <summary>Reads a length and that many doubles into a new array.</summary>
    /// <exception cref="InvalidDataException">The length is negative or the bytes end early.</exception>
    public static double[] ReadDoubles(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var length = reader.ReadInt32();
        if (length < 0 || (long)length * sizeof(double) > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"a saved state claims {length} numbers, more than it holds");
        }

        var values = new double[length];
        ReadExactly(reader, MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static void Read(BinaryReader reader, Span<byte> bytes, int expected, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var length = reader.ReadInt32();
        if (length != expected)
        {
            throw new InvalidDataException($"a saved state holds {length} {what} where {expected} were expected");
        }

        ReadExactly(reader, bytes);
    }

    private static void ReadExactly(BinaryReader reader, Span<byte> bytes)
    {
        try
        {
            reader.BaseStream.ReadExactly(bytes);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a saved state ends early", e);
        }
    }
}
