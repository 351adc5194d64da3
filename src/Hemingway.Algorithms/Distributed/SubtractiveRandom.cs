namespace Hemingway.Algorithms.Distributed;

/// <summary>
/// Knuth's subtractive generator exactly as <c>new System.Random(seed)</c> runs it (the seeded, .NET Framework-compatible
/// stream), so a worker draws the same numbers as before, but with a state that can be saved and restored: 55 integers
/// and two indices. <see cref="Next(int)"/>, <see cref="Next(int, int)"/> and <see cref="Shuffle"/> return what
/// <see cref="Random"/>'s methods of the same name return for the same seed and the same calls.
/// </summary>
public sealed class SubtractiveRandom
{
    private const int StateLength = 56;
    private const int Seed0 = 161803398;

    private readonly int[] _state = new int[StateLength];
    private int _next;
    private int _nextPrime;

    /// <summary>The stream of <c>new System.Random(<paramref name="seed"/>)</c>.</summary>
    public SubtractiveRandom(int seed)
    {
        var subtraction = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
        var mj = Seed0 - subtraction;
        _state[55] = mj;
        var mk = 1;
        var ii = 0;
        for (var i = 1; i < 55; i++)
        {
            if ((ii += 21) >= 55)
            {
                ii -= 55;
            }

            _state[ii] = mk;
            mk = mj - mk;
            if (mk < 0)
            {
                mk += int.MaxValue;
            }

            mj = _state[ii];
        }

        for (var k = 1; k < 5; k++)
        {
            for (var i = 1; i < StateLength; i++)
            {
                var n = i + 30;
                if (n >= 55)
                {
                    n -= 55;
                }

                _state[i] -= _state[1 + n];
                if (_state[i] < 0)
                {
                    _state[i] += int.MaxValue;
                }
            }
        }

        _next = 0;
        _nextPrime = 21;
    }

    private SubtractiveRandom()
    {
    }

    /// <summary>
    /// A fresh stream for worker <paramref name="worker"/> of a run with seed <paramref name="seed"/> that resumed at
    /// <paramref name="iteration"/> on a new partition: a SplitMix64 mix of the three, so each (seed, iteration,
    /// worker) gets its own stream and resuming twice the same way draws the same numbers.
    /// </summary>
    public static SubtractiveRandom Derived(int seed, int iteration, int worker)
    {
        var key = Mix(((ulong)(uint)seed << 32) | (uint)iteration) ^ Mix(0x5EED_0000_0000_0000UL | (uint)worker);
        return new SubtractiveRandom(unchecked((int)(Mix(key) >> 33)));
    }

    /// <summary>A uniform integer in [0, <paramref name="maxValue"/>), as <see cref="Random.Next(int)"/>.</summary>
    public int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)(Sample() * maxValue);
    }

    /// <summary>A uniform integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>), as <see cref="Random.Next(int, int)"/>.</summary>
    public int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        var range = (long)maxValue - minValue;
        return range <= int.MaxValue
            ? (int)(Sample() * range) + minValue
            : (int)((long)(LargeRangeSample() * range) + minValue);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates), as <see cref="Random.Shuffle{T}(Span{T})"/>.</summary>
    public void Shuffle(Span<int> values)
    {
        var n = values.Length;
        for (var i = 0; i < n - 1; i++)
        {
            var j = Next(i, n);
            if (j != i)
            {
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }

    /// <summary>Writes the state (<see cref="Read"/> continues the stream from here).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_next);
        writer.Write(_nextPrime);
        foreach (var value in _state)
        {
            writer.Write(value);
        }
    }

    /// <summary>The generator <see cref="Write"/> saved, drawing next what it would have drawn next.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a saved state.</exception>
    public static SubtractiveRandom Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var random = new SubtractiveRandom { _next = reader.ReadInt32(), _nextPrime = reader.ReadInt32() };
        for (var i = 0; i < StateLength; i++)
        {
            random._state[i] = reader.ReadInt32();
        }

        if (random._next is < 0 or >= StateLength || random._nextPrime is < 0 or >= StateLength)
        {
            throw new InvalidDataException("a saved random stream has indices out of range");
        }

        return random;
    }

    private int InternalSample()
    {
        var next = _next + 1;
        if (next >= StateLength)
        {
            next = 1;
        }

        var nextPrime = _nextPrime + 1;
        if (nextPrime >= StateLength)
        {
            nextPrime = 1;
        }

        var value = _state[next] - _state[nextPrime];
        if (value == int.MaxValue)
        {
            value--;
        }

        if (value < 0)
        {
            value += int.MaxValue;
        }

        _state[next] = value;
        _next = next;
        _nextPrime = nextPrime;
        return value;
    }

    private double Sample() => InternalSample() * (1.0 / int.MaxValue);

    private double LargeRangeSample()
    {
        // As System.Random: a second draw decides the sign, so the result spans more than 31 bits.
        var result = InternalSample();
        if (InternalSample() % 2 == 0)
        {
            result = -result;
        }

        var d = (double)result;
        d += int.MaxValue - 1;
        d /= (2u * int.MaxValue) - 1;
        return d;
    }

    // SplitMix64's finaliser (Steele, Lea, Flood 2014).
    private static ulong Mix(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return x ^ (x >> 31);
    }
}
