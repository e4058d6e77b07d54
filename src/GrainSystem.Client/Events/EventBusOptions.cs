using System.ComponentModel.DataAnnotations;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>Subscriber-side settings of the event bus (section <c>Events</c>).</summary>
public sealed class EventBusOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// Events a subscription may hold that its reader has not taken yet (<c>Events__SubscriberBuffer</c>).
    /// (The reader also holds up to 256 events, at most 1 MiB, it is putting in order.) A reader that falls further behind is disconnected with a final <c>overflow</c> event and resumes
    /// from the retention with its cursor.
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
}
