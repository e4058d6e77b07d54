using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>Publish and subscribe on the event bus from code that is an Orleans client or co-hosts a silo (and from the HTTP API).</summary>
public interface IEventClient
{
    /// <summary>Publishes <paramref name="data"/> (JSON text) on <paramref name="topic"/>; the result carries its id or why it was refused.</summary>
    Task<EventPublishResult> PublishAsync(string topic, string data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes as <see cref="PublishAsync(string, string, CancellationToken)"/>, at most once per <paramref name="key"/>:
    /// a retry with the same key answers the first publish's id and stores nothing again (<see cref="EventPublishKey"/>).
    /// </summary>
    Task<EventPublishResult> PublishAsync(string topic, string data, EventPublishKey? key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a live subscription for <paramref name="patterns"/>, resuming after <paramref name="lastEventId"/>
    /// (an <see cref="EventCursor"/> text) when given. Read it with <see cref="EventSubscription.ReadAllAsync"/>;
    /// its <see cref="EventSubscription.Cursor"/> is the id to resume from. Dispose it to unsubscribe.
    /// </summary>
    /// <exception cref="ArgumentException">No pattern is given, or a pattern or the last event id is not valid.</exception>
    Task<EventSubscription> OpenAsync(IReadOnlyCollection<string> patterns, string? lastEventId = null, CancellationToken cancellationToken = default);

    /// <summary>The events of a subscription (see <see cref="OpenAsync"/>) until <paramref name="cancellationToken"/> or an overflow.</summary>
    IAsyncEnumerable<Event> SubscribeAsync(IReadOnlyCollection<string> patterns, string? lastEventId = null, CancellationToken cancellationToken = default);
}
