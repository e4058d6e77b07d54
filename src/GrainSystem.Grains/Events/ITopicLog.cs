using GrainSystem.Abstractions.Events;

namespace GrainSystem.Grains.Events;

/// <summary>
/// The retained events of one topic, stored append-only: a Redis Stream in cluster mode, segments in grain
/// storage otherwise. A topic grain owns its log; a duplicate activation's append of an id already taken fails.
/// </summary>
internal interface ITopicLog
{
    /// <summary>Reads what is stored; returns the newest event, or null for a topic never published on.</summary>
    Task<Event?> LoadAsync();

    /// <summary>
    /// Appends <paramref name="e"/> (id = previous + 1) with its publish <paramref name="key"/> in the same entry, trimming
    /// to the retention. Throws <see cref="TopicLogConflictException"/> when the id is taken.
    /// </summary>
    Task AppendAsync(Event e, EventPublishKey? key = null);

    /// <summary>Up to <paramref name="maxCount"/> retained events after <paramref name="afterId"/>, and the oldest retained id.</summary>
    Task<(IReadOnlyList<Event> Events, long FirstRetainedId)> ReadAfterAsync(long afterId, int maxCount, long lastId);

    /// <summary>The keys stored with the retained events after <paramref name="afterId"/>, in id order (without their data).</summary>
    Task<IReadOnlyList<PublishRecord>> ReadKeysAfterAsync(long afterId);
}
