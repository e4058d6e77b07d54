using System.Net;
using GrainSystem.Api.Resp.Keyspace;
using GrainSystem.Api.Resp.Protocol;
using GrainSystem.Api.Resp.PubSub;

namespace GrainSystem.Api.Resp;

/// <summary>
/// The state of one Redis client connection, as Redis keeps it per client: protocol version, authentication, name,
/// the transaction being queued and the watched keys, and the pub/sub subscriptions. Used by one command at a time.
/// </summary>
internal sealed class RespSession(RespServices services, RespWriter reply, EndPoint? remote, IRespConnection control)
{
    private CacheBatcher? _batcher;

    public RespServices Services { get; } = services;

    public RespWriter Reply { get; } = reply;

    public long Id { get; } = services.Stats.NextClientId();

    public string Address { get; } = remote?.ToString() ?? "?";

    public DateTimeOffset Connected { get; } = services.Time.GetUtcNow();

    /// <summary>Ends when the client's connection closes: a waiting command stops waiting.</summary>
    public CancellationToken Closed => control.Closed;

    public bool Authenticated { get; set; } = !services.AuthenticationRequired;

    public string? Name { get; set; }

    public string? LibraryName { get; set; }

    public string? LibraryVersion { get; set; }

    /// <summary>Set by QUIT and by fatal errors: the connection closes once the replies so far are written.</summary>
    public bool CloseRequested { get; set; }

    /// <summary>The command currently running, for CLIENT INFO.</summary>
    public string LastCommand { get; set; } = "NULL";

    public RespTransaction Transaction { get; } = new();

    /// <summary>The cache commands read but not run yet (pipelining), made on first use.</summary>
    public CacheBatcher Batcher => _batcher ??= new CacheBatcher(Services.Cache.Partitioner);

    /// <summary>Whether cache commands wait to run; replies to anything else must wait for theirs.</summary>
    public bool HasPendingCacheCommands => _batcher is { IsEmpty: false };

    /// <summary>The connection's pub/sub subscriptions; null until it first subscribes.</summary>
    public RespSubscriber? Subscriber { get; set; }

    /// <summary>Whether the connection is in RESP2's subscribed mode, where only pub/sub commands are allowed.</summary>
    public bool InSubscribedMode => Reply.Protocol == 2 && Subscriber is { Count: > 0 };

    /// <summary>Sends the replies written so far (before a command that may wait).</summary>
    public ValueTask FlushAsync() => control.FlushAsync();

    /// <summary>Asks the connection's loop to write the pub/sub messages waiting (any thread).</summary>
    public void WakeForMessages() => control.Wake();

    /// <summary>Closes the connection at once (any thread): its client stopped reading its messages.</summary>
    public void Disconnect() => control.Abort();

    /// <summary>Back to a fresh connection's state (RESET): RESP2, no name, unauthenticated when keys are required.</summary>
    public async ValueTask ResetAsync()
    {
        Transaction.Discard();
        Transaction.Unwatch();
        if (Subscriber is not null)
        {
            await Subscriber.DisposeAsync();
            Subscriber = null;
        }

        Reply.Protocol = 2;
        Name = null;
        Authenticated = !Services.AuthenticationRequired;
    }
}
