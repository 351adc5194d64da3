using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Hemingway.Core.Data;

/// <summary>
/// Culture-invariant number parsing straight from ASCII bytes, for the readers' inner loops.
/// Results are bit-for-bit those of <c>double.Parse</c> / <c>float.Parse</c> with <see cref="NumberStyles.Float"/> and
/// the invariant culture: a fast path handles the short decimals data files are made of, everything else
/// (long mantissas, large exponents, "nan", "Infinity", junk) goes to the framework parser.
/// </summary>
internal static class AsciiNumber
{
    // 10^0 .. 10^22 are exact in double, so one IEEE multiplication or division by them is correctly rounded.
    // (A span over constant data: no static array, so no class-initialisation check in the hot path.)
    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a decimal number as a double; false when the text is not a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        ParseShortDecimal(text, out value) == text.Length
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a decimal number as a float (correctly rounded); false when the text is not a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseFloat(ReadOnlySpan<byte> text, out float value) =>
        ParseFloatPrefix(text, out value) == text.Length
        || float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// The fast path alone, for parsers that find the end of a number by parsing it: parses the short decimal at the
    /// start of the text and returns how many bytes it took, or −1 when the fast path cannot decide (then parse the
    /// whole token with <see cref="TryParseFloat"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ParseFloatPrefix(ReadOnlySpan<byte> text, out float value)
    {
        var consumed = ParseShortDecimal(text, out var exact);

        // exact is the correctly rounded double of the decimal. Rounding it once more to float gives the correctly
        // rounded float unless exact lies precisely halfway between two floats (double rounding); such a double is
        // not a float itself and has its low 28 mantissa bits zero. Only that rare case needs the slow parser.
        value = (float)exact;
        var maybeHalfway = (BitConverter.DoubleToInt64Bits(exact) & 0x0FFF_FFFF) == 0 && value != exact;
        return maybeHalfway ? -1 : consumed;
    }

    /// <summary>
    /// Clinger's fast path: [+-]digits[.digits][(e|E)[+-]digits] with at most 19 significant digits, a mantissa
    /// up to 2^53 and a decimal exponent within ±22. Both operands are then exact doubles, so the single division or
    /// multiplication is correctly rounded. Parses a prefix of the text and returns its length, or −1 (no opinion)
    /// when the number there is outside the fast path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ParseShortDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }

        // Leading zeros are not significant; after them every digit counts towards the 19 a ulong holds.
        var start = i;
        i = SkipZeros(s, i);
        ulong mantissa = 0;
        var digits = ParseDigits(s, ref i, ref mantissa);
        var sawDigit = i > start;
        var exponent = 0;
        if (i < s.Length && s[i] == '.')
        {
            var fractionStart = ++i;
            if (mantissa == 0)
            {
                i = SkipZeros(s, i);
            }

            digits += ParseDigits(s, ref i, ref mantissa);
            exponent = fractionStart - i;
            sawDigit |= i > fractionStart;
        }

        if (!sawDigit || digits > 19)
        {
            return -1;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            var negativeExponent = false;
            if (i < s.Length && (s[i] == '-' || s[i] == '+'))
            {
                negativeExponent = s[i] == '-';
                i++;
            }

            var exponentStart = i;
            var written = 0;
            for (; i < s.Length && IsDigit(s[i]) && i - exponentStart < 4; i++)
            {
                written = (written * 10) + (s[i] - '0');
            }

            if (i == exponentStart)
            {
                return -1;
            }

            exponent += negativeExponent ? -written : written;
        }

        if (mantissa > 1UL << 53 || exponent < -22 || exponent > 22)
        {
            return -1;
        }

        double result = mantissa;
        result = exponent < 0 ? result / PowersOfTen[-exponent] : result * PowersOfTen[exponent];
        value = negative ? -result : result;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipZeros(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] == '0')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Appends the run of digits at i to the mantissa and returns how many there were. Eight digits at a time where
    /// possible (the serial multiply-add chain per digit is what makes naive parsing slow). The mantissa wraps when
    /// there are more than 19 digits, which the caller rejects.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ParseDigits(ReadOnlySpan<byte> s, ref int i, ref ulong mantissa)
    {
        var start = i;
        while (i + 8 <= s.Length)
        {
            var chunk = BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(i, 8));
            if (!AreEightDigits(chunk))
            {
                break;
            }

            mantissa = (mantissa * 100_000_000) + EightDigitsValue(chunk);
            i += 8;
        }

        for (; i < s.Length && IsDigit(s[i]); i++)
        {
            mantissa = (mantissa * 10) + (uint)(s[i] - '0');
        }

        return i - start;
    }

    // SWAR digit tests from simdjson / fast_float: every byte is in '0'..'9' when both its high nibble is 3 and adding 6
    // does not carry into the high nibble.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AreEightDigits(ulong chunk) =>
        ((chunk & 0xF0F0F0F0F0F0F0F0) | (((chunk + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) == 0x3333333333333333;

    // Combines eight ASCII digits (first digit in the lowest byte) into their value: pairs, then quads, then the eight.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint EightDigitsValue(ulong chunk)
    {
        const ulong Mask = 0x000000FF000000FF;
        const ulong Mul1 = 100 + (1000000UL << 32);
        const ulong Mul2 = 1 + (10000UL << 32);
        chunk -= 0x3030303030303030;
        chunk = (chunk * 10) + (chunk >> 8);
        return (uint)((((chunk & Mask) * Mul1) + (((chunk >> 16) & Mask) * Mul2)) >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
