using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Api.Events;

/// <summary>Server-Sent Events settings of the API (section <c>Events</c>).</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "Events";

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
