using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Api.Events;

/// <summary>Server-Sent Events settings of the API (section <c>Events</c>).</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "Events";

    /// <summary>How often an idle stream gets a comment line, so proxies keep it open (<c>Events__HeartbeatPeriod</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(15);
}
