using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// Settings of the event bus (section <c>Events</c>): the silos read the retention, subscribers (the client and the
/// API's event streams) read the buffer, refresh and reorder settings, and the API reads its stream settings.
/// </summary>
public sealed class EventsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Events";

    /// <summary>Events kept per topic for resuming subscribers (<c>Events__RetainPerTopic</c>).</summary>
    [Range(1, 1_000_000)]
    public int RetainPerTopic { get; set; } = 1000;

    /// <summary>
    /// Events a subscription may hold that its reader has not taken yet (<c>Events__SubscriberBuffer</c>); the
    /// reader also holds up to 256 events (at most 1 MiB) that it is putting in order. A reader that falls further
    /// behind is disconnected with a final <c>overflow</c> event and resumes from the retention with its cursor.
    /// </summary>
    [Range(16, 1_000_000)]
    public int SubscriberBuffer { get; set; } = 1024;

    /// <summary>
    /// Memory the buffered events of one subscription may take, in bytes (<c>Events__SubscriberBufferBytes</c>,
    /// 8 MiB by default): the buffer is full at whichever of this and <see cref="SubscriberBuffer"/> comes first.
    /// At least 1 MiB, so the largest event always fits.
    /// </summary>
    [Range(1L << 20, 1L << 32)]
    public long SubscriberBufferBytes { get; set; } = 8L << 20;

    /// <summary>
    /// How often a subscription refreshes its router registrations (<c>Events__RefreshPeriod</c>); a router lost
    /// with its silo is rebuilt, and the subscription caught up from the retention, within this period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:00:30")]
    public TimeSpan RefreshPeriod { get; set; } = EventRouting.RefreshPeriod;

    /// <summary>
    /// How long a batch that arrived ahead of an earlier one from the same router waits for it
    /// (<c>Events__ReorderGrace</c>): Orleans may deliver one-way messages out of order, or lose one in a
    /// failover. After this the earlier batch is taken as lost and the subscription catches up from the retention.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan ReorderGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Memory the events of one topic waiting for its routers may take, in bytes (<c>Events__MaxOutboxBytes</c>, 16 MiB by
    /// default; at most 10,000 events in any case). While the routers are unreachable the oldest waiting events are
    /// dropped beyond it; subscribers then read them from the retention. At least 1 MiB, so the largest event fits.
    /// </summary>
    [Range(1L << 20, 1L << 32)]
    public long MaxOutboxBytes { get; set; } = 16L << 20;

    /// <summary>How often an idle stream gets a comment line, so proxies keep it open (<c>Events__HeartbeatPeriod</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Most event streams this API process serves at once (<c>Events__MaxStreams</c>); one more is refused
    /// with 503, so memory stays bounded (each stream buffers up to <c>Events__SubscriberBufferBytes</c>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 1000;
}
