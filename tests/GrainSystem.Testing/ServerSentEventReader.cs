using System.Collections.Concurrent;
using System.Text;

namespace GrainSystem.Testing;

/// <summary>Reads a streaming <c>text/event-stream</c> response event by event, as it arrives.</summary>
public sealed class ServerSentEventReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>Comment lines seen so far (heartbeats, the subscribed marker).</summary>
    public ConcurrentQueue<string> Comments { get; } = new();

    /// <summary>The next event, or null when the stream ended.</summary>
    public async Task<ServerSentEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null, type = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is null && data.Length == 0)
                {
                    continue;
                }

                return new ServerSentEvent(id, type ?? "message", data.ToString());
            }

            if (line.StartsWith(':'))
            {
                Comments.Enqueue(line);
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : "").Append(value);
                    break;
            }
        }

        return null;
    }

    /// <summary>Reads <paramref name="count"/> events within <paramref name="timeout"/>.</summary>
    public async Task<List<ServerSentEvent>> TakeAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var events = new List<ServerSentEvent>();
        while (events.Count < count)
        {
            var next = await NextAsync(cancel.Token);
            if (next is null)
            {
                break;
            }

            events.Add(next);
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}
