using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hemingway.Core.Data;
using Xunit;

namespace Hemingway.Core.Tests.Data;

public class AsciiNumberTests
{
    // Decimal strings of the kinds data files hold, and some they should not: signs, leading zeros, long mantissas,
    // exponents near the fast path's limits.
    private static readonly Gen<string> Decimals =
        from sign in Gen.Elements("", "-", "+")
        from integer in Gen.Elements("", "0", "1", "00", "7", "12345", "9007199254740993", "123456789012345678901")
        from point in Gen.Elements("", ".")
        from fraction in Gen.Choose(0, 25).SelectMany(n => Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), n))
        from exponent in Gen.Elements("", "e5", "E-7", "e+22", "e-22", "e23", "e-23", "e-45", "e38", "e39", "e-320", "e400")
        select sign + integer + point + new string(fraction) + exponent;

    [Fact]
    public void Parses_every_float_written_in_round_trip_form_back_to_the_same_bits()
    {
        Prop.ForAll(Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), bits =>
        {
            var value = BitConverter.Int32BitsToSingle(bits);
            if (!float.IsFinite(value))
            {
                return true;
            }

            var text = Encoding.ASCII.GetBytes(value.ToString("R", CultureInfo.InvariantCulture));
            return AsciiNumber.TryParseFloat(text, out var parsed)
                && BitConverter.SingleToInt32Bits(parsed) == bits;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Agrees_with_the_framework_parsers_on_random_decimals()
    {
        Prop.ForAll(Decimals.ToArbitrary(), text =>
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            var floatOk = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expectedFloat);
            var doubleOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expectedDouble);
            return AsciiNumber.TryParseFloat(bytes, out var f) == floatOk
                && AsciiNumber.TryParseDouble(bytes, out var d) == doubleOk
                && (!floatOk || BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits(expectedFloat))
                && (!doubleOk || BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(expectedDouble));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    // The nearest double to each of these short decimals lies exactly halfway between two floats, and the decimal
    // lies just above it: rounding through double (ties to even) would give the lower float.
    [InlineData("1.90711909532547", 1.9071191549301147f)]
    [InlineData("62.36801338195801", 62.36801528930664f)]
    // The same around 1 + 2^-24, with mantissas too long for the fast path.
    [InlineData("1.00000005960464478", 1.00000012f)]
    [InlineData("1.00000005960464477", 1f)]
    [InlineData("0.5", 0.5f)]
    [InlineData("-0", -0f)]
    [InlineData("1e-45", 1e-45f)]
    [InlineData("3.4028235e38", float.MaxValue)]
    public void Rounds_correctly_where_rounding_through_double_would_not(string text, float expected)
    {
        Assert.True(AsciiNumber.TryParseFloat(Encoding.ASCII.GetBytes(text), out var parsed));
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(parsed));
        Assert.Equal(BitConverter.SingleToInt32Bits(float.Parse(text, CultureInfo.InvariantCulture)), BitConverter.SingleToInt32Bits(parsed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("12a")]
    public void Rejects_what_is_not_a_number(string text)
    {
        Assert.False(AsciiNumber.TryParseFloat(Encoding.ASCII.GetBytes(text), out _));
        Assert.False(AsciiNumber.TryParseDouble(Encoding.ASCII.GetBytes(text), out _));
    }
}
