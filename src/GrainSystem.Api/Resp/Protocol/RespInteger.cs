namespace GrainSystem.Api.Resp.Protocol;

/// <summary>
/// Decimal integers as Redis reads them (its <c>string2ll</c>): an optional minus sign, then digits without leading
/// zeros ("0" alone is fine), nothing else, within a signed 64-bit integer.
/// </summary>
internal static class RespInteger
{
    public static bool TryParse(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        if (text is [(byte)'0'])
        {
            return true;
        }

        var negative = text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits[0] is < (byte)'1' or > (byte)'9')
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            var next = (magnitude * 10) + (ulong)(b - '0');
            if (magnitude > ulong.MaxValue / 10 || next < magnitude)
            {
                return false;
            }

            magnitude = next;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(0 - magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }
}
