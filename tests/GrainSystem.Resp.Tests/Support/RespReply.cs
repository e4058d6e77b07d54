using System.Text;

namespace GrainSystem.Resp.Tests.Support;

/// <summary>One reply as read off the wire: its RESP type character, its text or number, its elements, and its raw bytes.</summary>
public sealed record RespReply(char Type, string? Text, long Number, IReadOnlyList<RespReply> Elements, string Raw)
{
    public bool IsNull => Type == '_' || (Type is '$' or '*' && Number == -1);

    public bool IsError => Type == '-';

    public override string ToString() => Raw;

    /// <summary>A compact rendering for assertions: strings as they are, arrays in brackets, nulls as (nil).</summary>
    public string Show() => Type switch
    {
        '+' or '-' or '$' or '=' when !IsNull => Text!,
        ':' => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        '#' => Text!,
        '*' or '~' or '>' or '%' when !IsNull => "[" + string.Join(", ", Elements.Select(e => e.Show())) + "]",
        _ => "(nil)",
    };

    /// <summary>A map (or RESP2's flat array of pairs) as field → <see cref="Show"/> of the value.</summary>
    public Dictionary<string, string> Pairs() => Elements.Chunk(2).ToDictionary(p => p[0].Show(), p => p[1].Show());

    /// <summary>Reads one reply; null when the server closed the connection first.</summary>
    public static async Task<RespReply?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var raw = new StringBuilder();
        return await ReadAsync(stream, raw, cancellationToken);
    }

    private static async Task<RespReply?> ReadAsync(Stream stream, StringBuilder raw, CancellationToken cancellationToken)
    {
        var start = raw.Length;
        var line = await ReadLineAsync(stream, raw, cancellationToken);
        if (line is null)
        {
            return null;
        }

        var type = line[0];
        var body = line[1..];
        switch (type)
        {
            case '+' or '-' or '#' or ',' or '(':
                return new RespReply(type, body, 0, [], raw.ToString(start, raw.Length - start));
            case ':':
                return new RespReply(type, null, long.Parse(body), [], raw.ToString(start, raw.Length - start));
            case '_':
                return new RespReply(type, null, 0, [], raw.ToString(start, raw.Length - start));
            case '$' or '=':
                var length = int.Parse(body);
                if (length < 0)
                {
                    return new RespReply(type, null, -1, [], raw.ToString(start, raw.Length - start));
                }

                var data = new byte[length + 2];
                await stream.ReadExactlyAsync(data, cancellationToken);
                var text = Encoding.UTF8.GetString(data, 0, length);
                raw.Append(Encoding.Latin1.GetString(data));
                return new RespReply(type, type == '=' ? text[4..] : text, length, [], raw.ToString(start, raw.Length - start));
            case '*' or '~' or '>' or '%':
                var count = int.Parse(body);
                if (count < 0)
                {
                    return new RespReply(type, null, -1, [], raw.ToString(start, raw.Length - start));
                }

                var elements = new List<RespReply>();
                for (var i = 0; i < (type == '%' ? count * 2 : count); i++)
                {
                    elements.Add((await ReadAsync(stream, raw, cancellationToken))!);
                }

                return new RespReply(type, null, count, elements, raw.ToString(start, raw.Length - start));
            default:
                throw new InvalidDataException($"Not a RESP reply: {line}");
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream, StringBuilder raw, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            line.Add(one[0]);
            if (line.Count >= 2 && line[^2] == '\r' && line[^1] == '\n')
            {
                var text = Encoding.Latin1.GetString([.. line]);
                raw.Append(text);
                return text[..^2];
            }
        }
    }
}
