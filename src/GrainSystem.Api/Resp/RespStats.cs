namespace GrainSystem.Api.Resp;

/// <summary>Counters of this API instance's RESP endpoint, shown by <c>INFO</c>.</summary>
internal sealed class RespStats
{
    private long _connectionsReceived;
    private long _connectionsRejected;
    private long _connected;
    private long _commands;
    private long _keyspaceHits;
    private long _keyspaceMisses;
    private long _nextClientId;

    public long ConnectionsReceived => Interlocked.Read(ref _connectionsReceived);

    public long ConnectionsRejected => Interlocked.Read(ref _connectionsRejected);

    public long Connected => Interlocked.Read(ref _connected);

    public long Commands => Interlocked.Read(ref _commands);

    public long KeyspaceHits => Interlocked.Read(ref _keyspaceHits);

    public long KeyspaceMisses => Interlocked.Read(ref _keyspaceMisses);

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>Counts a new connection; false when <paramref name="limit"/> connections are already served.</summary>
    public bool TryConnect(int limit)
    {
        Interlocked.Increment(ref _connectionsReceived);
        if (Interlocked.Increment(ref _connected) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _connected);
        Interlocked.Increment(ref _connectionsRejected);
        return false;
    }

    public void Disconnected() => Interlocked.Decrement(ref _connected);

    public long NextClientId() => Interlocked.Increment(ref _nextClientId);

    public void CommandProcessed() => Interlocked.Increment(ref _commands);

    public void Hit() => Interlocked.Increment(ref _keyspaceHits);

    public void Miss() => Interlocked.Increment(ref _keyspaceMisses);
}
