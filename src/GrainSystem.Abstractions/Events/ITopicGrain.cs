using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Events;

/// <summary>One topic (keyed by its name): gives ids to published events, retains the latest, and forwards them to the routers.</summary>
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores <paramref name="data"/> (JSON text, at most <see cref="EventTopic.MaxDataBytes"/> bytes) as the next event;
    /// with a <paramref name="key"/>, at most once per key (<see cref="EventPublishKey"/>).
    /// </summary>
    Task<EventPublishResult> Publish(string data, EventPublishKey? key = null);

    /// <summary>
    /// Up to <paramref name="maxCount"/> (at most 1000) retained events with ids above <paramref name="afterId"/>, in
    /// id order; fewer (but at least one, when any is retained) when their data passes 1 MiB, so a short page does not
    /// mean the end.
    /// </summary>
    // ReadOnly: reads change nothing, so resuming subscribers read in parallel (never during a publish).
    [ReadOnly]
    Task<EventPage> ReadAfter(long afterId, int maxCount);
}
