using System.Text;

namespace GrainSystem.IntegrationTests.Events;

/// <summary>Reads a streaming <c>text/event-stream</c> body event by event.</summary>
public sealed class ServerSentEventLines(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<ServerSentEventLine?> NextAsync(CancellationToken cancellationToken)
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

                return new ServerSentEventLine(id, type ?? "message", data.ToString());
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            if (field == "id")
            {
                id = value;
            }
            else if (field == "event")
            {
                type = value;
            }
            else if (field == "data")
            {
                data.Append(data.Length > 0 ? "\n" : "").Append(value);
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
