namespace GrainSystem.Api.Resp;

/// <summary>
/// Redis's glob matching (<c>stringmatchlen</c> in util.c), byte for byte: <c>*</c> any run of bytes, <c>?</c> one
/// byte, <c>[abc]</c>, <c>[^abc]</c> and <c>[a-z]</c> one byte of a set (ranges may be written backwards), <c>\x</c> the
/// byte x. Its quirks are kept: an unclosed <c>[</c> ends the set at the end of the pattern, a trailing <c>\</c> is a
/// literal backslash. The same backtracking bounds keep hostile patterns cheap: nesting stops at 1000, and once a
/// <c>*</c> found no match for the rest anywhere, no earlier <c>*</c> tries a longer match.
/// </summary>
internal static class RespGlob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase = false)
    {
        var skipLongerMatches = false;
        return Match(pattern, text, ignoreCase, ref skipLongerMatches, 0);
    }

    /// <summary>
    /// The bytes every match of <paramref name="pattern"/> starts with: the pattern up to its first <c>*</c>, <c>?</c>
    /// or <c>[</c>, with escapes resolved. <paramref name="whole"/> says the pattern has no wildcard at all, so it
    /// matches exactly the prefix.
    /// </summary>
    public static byte[] LiteralPrefix(ReadOnlySpan<byte> pattern, out bool whole)
    {
        var prefix = new List<byte>(pattern.Length);
        whole = true;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c is (byte)'*' or (byte)'?' or (byte)'[')
            {
                whole = false;
                break;
            }

            if (c == (byte)'\\' && i + 1 < pattern.Length)
            {
                c = pattern[++i];
            }

            prefix.Add(c);
        }

        return [.. prefix];
    }

    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase, ref bool skipLongerMatches,
        int nesting)
    {
        if (nesting > 1000)
        {
            return false;
        }

        // p and t index pattern and text; At() reads 0 past the end, as C reads a string's terminating NUL.
        int p = 0, t = 0;
        while (p < pattern.Length && t < text.Length)
        {
            switch (pattern[p])
            {
                case (byte)'*':
                    while (p + 1 < pattern.Length && pattern[p + 1] == (byte)'*')
                    {
                        p++;
                    }

                    if (p == pattern.Length - 1)
                    {
                        return true;
                    }

                    while (t < text.Length)
                    {
                        if (Match(pattern[(p + 1)..], text[t..], ignoreCase, ref skipLongerMatches, nesting + 1))
                        {
                            return true;
                        }

                        if (skipLongerMatches)
                        {
                            return false;
                        }

                        t++;
                    }

                    skipLongerMatches = true;
                    return false;
                case (byte)'?':
                    t++;
                    break;
                case (byte)'[':
                    if (!MatchSet(pattern, ref p, text[t], ignoreCase))
                    {
                        return false;
                    }

                    t++;
                    break;
                default:
                    if (pattern[p] == (byte)'\\' && pattern.Length - p >= 2)
                    {
                        p++;
                    }

                    if (!Same(pattern[p], text[t], ignoreCase))
                    {
                        return false;
                    }

                    t++;
                    break;
            }

            p++;
            if (t == text.Length)
            {
                while (At(pattern, p) == (byte)'*')
                {
                    p++;
                }

                break;
            }
        }

        return p >= pattern.Length && t == text.Length;
    }

    /// <summary>Matches one byte against the set starting at <paramref name="p"/> (its '['); leaves p on the set's last byte.</summary>
    private static bool MatchSet(ReadOnlySpan<byte> pattern, ref int p, byte c, bool ignoreCase)
    {
        p++;
        var negate = At(pattern, p) == (byte)'^';
        if (negate)
        {
            p++;
        }

        var match = false;
        while (true)
        {
            var remaining = pattern.Length - p;
            if (At(pattern, p) == (byte)'\\' && remaining >= 2)
            {
                p++;
                match |= pattern[p] == c;
            }
            else if (At(pattern, p) == (byte)']')
            {
                break;
            }
            else if (remaining <= 0)
            {
                p--;
                break;
            }
            else if (remaining >= 3 && pattern[p + 1] == (byte)'-')
            {
                int start = pattern[p], end = pattern[p + 2], x = c;
                if (start > end)
                {
                    (start, end) = (end, start);
                }

                if (ignoreCase)
                {
                    (start, end, x) = (Lower(start), Lower(end), Lower(x));
                }

                p += 2;
                match |= x >= start && x <= end;
            }
            else
            {
                match |= Same(pattern[p], c, ignoreCase);
            }

            p++;
        }

        return negate ? !match : match;
    }

    private static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    private static bool Same(byte a, byte b, bool ignoreCase) => ignoreCase ? Lower(a) == Lower(b) : a == b;

    private static int Lower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
