namespace GrainSystem.Api.Resp.Protocol;

/// <summary>
/// Splits an inline command line into arguments exactly as Redis's <c>sdssplitargs</c>: blanks separate arguments;
/// "double quotes" take the escapes \n \r \t \b \a \xHH and \c (any other character c); 'single quotes' take \' only;
/// a closing quote must be followed by a blank or the end of the line. A NUL byte ends the line, as in C.
/// </summary>
internal static class InlineArguments
{
    /// <summary>Adds the arguments of <paramref name="line"/> to <paramref name="command"/>; false for unbalanced quotes.</summary>
    public static bool Split(ReadOnlySpan<byte> line, RespCommand command, RespArena arena)
    {
        // An argument is never longer than the line, so one scratch buffer holds any of them.
        var scratch = arena.Allocate(line.Length).Span;
        var p = 0;
        while (true)
        {
            while (IsSpace(At(line, p)))
            {
                p++;
            }

            if (At(line, p) == 0)
            {
                return true;
            }

            var length = 0;
            var inDouble = false;
            var inSingle = false;
            var done = false;
            while (!done)
            {
                var c = At(line, p);
                if (inDouble)
                {
                    if (c == '\\' && At(line, p + 1) == 'x' && IsHex(At(line, p + 2)) && IsHex(At(line, p + 3)))
                    {
                        scratch[length++] = (byte)((HexValue(At(line, p + 2)) * 16) + HexValue(At(line, p + 3)));
                        p += 3;
                    }
                    else if (c == '\\' && At(line, p + 1) != 0)
                    {
                        p++;
                        scratch[length++] = Unescape(At(line, p));
                    }
                    else if (c == '"')
                    {
                        if (At(line, p + 1) != 0 && !IsSpace(At(line, p + 1)))
                        {
                            return false;
                        }

                        done = true;
                    }
                    else if (c == 0)
                    {
                        return false;
                    }
                    else
                    {
                        scratch[length++] = c;
                    }
                }
                else if (inSingle)
                {
                    if (c == '\\' && At(line, p + 1) == '\'')
                    {
                        p++;
                        scratch[length++] = (byte)'\'';
                    }
                    else if (c == '\'')
                    {
                        if (At(line, p + 1) != 0 && !IsSpace(At(line, p + 1)))
                        {
                            return false;
                        }

                        done = true;
                    }
                    else if (c == 0)
                    {
                        return false;
                    }
                    else
                    {
                        scratch[length++] = c;
                    }
                }
                else
                {
                    switch (c)
                    {
                        case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDouble = true;
                            break;
                        case (byte)'\'':
                            inSingle = true;
                            break;
                        default:
                            scratch[length++] = c;
                            break;
                    }
                }

                if (At(line, p) != 0)
                {
                    p++;
                }
            }

            command.Add(arena.Copy(scratch[..length]));
        }
    }

    private static byte At(ReadOnlySpan<byte> line, int index) => index < line.Length ? line[index] : (byte)0;

    // C's isspace.
    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static byte Unescape(byte c) => c switch
    {
        (byte)'n' => (byte)'\n',
        (byte)'r' => (byte)'\r',
        (byte)'t' => (byte)'\t',
        (byte)'b' => (byte)'\b',
        (byte)'a' => 7,
        _ => c,
    };
}
