using System.Collections.Concurrent;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.PubSub;

/// <summary>
/// The pub/sub side of one connection: its channels and patterns, and the messages waiting to be written. Messages
/// arrive from the event bus on other threads; the connection's own loop writes them (<see cref="WritePending"/>),
/// so replies and messages never interleave mid-frame. A subscriber whose client stops reading is disconnected
/// once <see cref="MaxPendingBytes"/> wait, as Redis does with its pub/sub output buffer limit.
/// </summary>
internal sealed class RespSubscriber(RespPubSubHub hub, Action wake, Action disconnect) : IAsyncDisposable
{
    /// <summary>Redis's hard pub/sub output buffer limit.</summary>
    public const long MaxPendingBytes = 32L * 1024 * 1024;

    private readonly OrderedDictionary<byte[], bool> _channels = new(BytesComparer.Instance);
    private readonly OrderedDictionary<byte[], bool> _patterns = new(BytesComparer.Instance);
    private readonly ConcurrentQueue<PubSubMessage> _pending = new();
    private long _pendingBytes;
    private int _disconnected;

    public IEnumerable<byte[]> Channels => _channels.Keys;

    public IEnumerable<byte[]> Patterns => _patterns.Keys;

    public int ChannelCount => _channels.Count;

    public int PatternCount => _patterns.Count;

    /// <summary>Channels and patterns together, as Redis counts subscriptions in its replies.</summary>
    public int Count => _channels.Count + _patterns.Count;

    public bool HasChannel(byte[] channel) => _channels.ContainsKey(channel);

    public bool HasPattern(byte[] pattern) => _patterns.ContainsKey(pattern);

    public void AddChannel(byte[] channel) => _channels.TryAdd(channel, true);

    public bool RemoveChannel(byte[] channel) => _channels.Remove(channel);

    public void AddPattern(byte[] pattern) => _patterns.TryAdd(pattern, true);

    public bool RemovePattern(byte[] pattern) => _patterns.Remove(pattern);

    /// <summary>Queues a message for the connection's loop (any thread).</summary>
    public void Enqueue(PubSubMessage message)
    {
        if (Interlocked.Add(ref _pendingBytes, message.Size) > MaxPendingBytes)
        {
            if (Interlocked.Exchange(ref _disconnected, 1) == 0)
            {
                disconnect();
            }

            return;
        }

        _pending.Enqueue(message);
        wake();
    }

    /// <summary>Writes the queued messages (the connection's loop only).</summary>
    public void WritePending(RespWriter reply)
    {
        while (_pending.TryDequeue(out var message))
        {
            Interlocked.Add(ref _pendingBytes, -message.Size);
            if (message.Pattern is null)
            {
                reply.Push(3);
                reply.Bulk("message"u8);
            }
            else
            {
                reply.Push(4);
                reply.Bulk("pmessage"u8);
                reply.Bulk(message.Pattern);
            }

            reply.Bulk(message.Channel);
            reply.Bulk(message.Payload);
        }
    }

    /// <summary>Leaves every channel and pattern (the connection closed or was RESET).</summary>
    public ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Keys)
        {
            hub.Unsubscribe(this, channel);
        }

        foreach (var pattern in _patterns.Keys)
        {
            hub.PUnsubscribe(this, pattern);
        }

        _channels.Clear();
        _patterns.Clear();
        _pending.Clear();
        return default;
    }
}
