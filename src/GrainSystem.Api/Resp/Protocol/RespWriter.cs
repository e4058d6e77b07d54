using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace GrainSystem.Api.Resp.Protocol;

/// <summary>
/// Writes replies straight into the connection's output buffer, in RESP2 or RESP3 (<see cref="Protocol"/>): RESP3's
/// own types (null, map, set, push, double, boolean, verbatim) fall back to their RESP2 forms on a RESP2 connection,
/// as Redis does. Nothing is allocated for a reply but what the output buffer already holds.
/// </summary>
internal sealed class RespWriter(IBufferWriter<byte> output)
{
    /// <summary>2 or 3, as negotiated by <c>HELLO</c>.</summary>
    public int Protocol { get; set; } = 2;

    public bool IsResp3 => Protocol == 3;

    public void Ok() => Raw("+OK\r\n"u8);

    public void Simple(ReadOnlySpan<byte> text)
    {
        Raw("+"u8);
        Raw(text);
        Raw("\r\n"u8);
    }

    public void Simple(string text) => Line((byte)'+', text);

    /// <summary>An error reply; <paramref name="message"/> starts with its code (<c>ERR</c>, <c>WRONGPASS</c> …).</summary>
    public void Error(string message) => Line((byte)'-', message);

    public void Integer(long value) => Number((byte)':', value);

    public void Bulk(ReadOnlySpan<byte> value)
    {
        Number((byte)'$', value.Length);
        Raw(value);
        Raw("\r\n"u8);
    }

    public void Bulk(ReadOnlySequence<byte> value)
    {
        Number((byte)'$', value.Length);
        foreach (var segment in value)
        {
            Raw(segment.Span);
        }

        Raw("\r\n"u8);
    }

    public void Bulk(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Number((byte)'$', length);
        var span = output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        output.Advance(length + 2);
    }

    public void Bulk(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        Bulk(digits[..written]);
    }

    /// <summary>The null reply: <c>_</c> in RESP3, the null bulk string in RESP2.</summary>
    public void Null() => Raw(IsResp3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>The null reply where RESP2 has the null array (EXEC aborted by WATCH).</summary>
    public void NullArray() => Raw(IsResp3 ? "_\r\n"u8 : "*-1\r\n"u8);

    public void Array(int count) => Number((byte)'*', count);

    /// <summary>A map of <paramref name="pairs"/> pairs: <c>%</c> in RESP3, a flat array of twice as many in RESP2.</summary>
    public void Map(int pairs) => Number(IsResp3 ? (byte)'%' : (byte)'*', IsResp3 ? pairs : pairs * 2);

    /// <summary>A set: <c>~</c> in RESP3, an array in RESP2.</summary>
    public void Set(int count) => Number(IsResp3 ? (byte)'~' : (byte)'*', count);

    /// <summary>An out-of-band message (pub/sub): <c>&gt;</c> in RESP3, an array in RESP2.</summary>
    public void Push(int count) => Number(IsResp3 ? (byte)'>' : (byte)'*', count);

    public void Boolean(bool value)
    {
        if (IsResp3)
        {
            Raw(value ? "#t\r\n"u8 : "#f\r\n"u8);
        }
        else
        {
            Integer(value ? 1 : 0);
        }
    }

    /// <summary>Text meant for people (INFO): a verbatim string in RESP3, a bulk string in RESP2.</summary>
    public void Verbatim(string text)
    {
        if (!IsResp3)
        {
            Bulk(text);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        Number((byte)'=', length + 4);
        Raw("txt:"u8);
        var span = output.GetSpan(length + 2);
        Encoding.UTF8.GetBytes(text, span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        output.Advance(length + 2);
    }

    /// <summary>Bytes already in RESP form.</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = output.GetSpan(Math.Min(bytes.Length, 64 * 1024));
            var n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            output.Advance(n);
            bytes = bytes[n..];
        }
    }

    private void Number(byte prefix, long value)
    {
        var span = output.GetSpan(23);
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        output.Advance(written + 3);
    }

    /// <summary>A simple string or error line; CR and LF inside become spaces, as Redis does, so the reply stays one line.</summary>
    private void Line(byte prefix, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = output.GetSpan(length + 3);
        span[0] = prefix;
        Encoding.UTF8.GetBytes(text, span[1..]);
        foreach (ref var b in span.Slice(1, length))
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                b = (byte)' ';
            }
        }

        span[length + 1] = (byte)'\r';
        span[length + 2] = (byte)'\n';
        output.Advance(length + 3);
    }
}
