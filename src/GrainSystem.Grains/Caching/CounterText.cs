using System.Globalization;

namespace GrainSystem.Grains.Caching;

/// <summary>A counter's value is its decimal text, parsed as strictly as Redis does (no sign '+', spaces or leading zeros).</summary>
internal static class CounterText
{
    /// <summary>The media type of a counter an increment created.</summary>
    public const string ContentType = "text/plain";

    /// <summary><paramref name="value"/> + <paramref name="delta"/>, or false when the sum does not fit a signed 64-bit integer.</summary>
    public static bool TryAdd(long value, long delta, out long sum)
    {
        sum = unchecked(value + delta);

        // Overflow exactly when both operands have the same sign and the sum's sign differs.
        return ((value ^ sum) & (delta ^ sum)) >= 0;
    }

    public static bool TryParse(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        var digits = text[0] == (byte)'-' ? text[1..] : text;
        if (digits.IsEmpty || (digits[0] == (byte)'0' && (digits.Length > 1 || digits.Length != text.Length)))
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static byte[] Format(long value) => System.Text.Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
