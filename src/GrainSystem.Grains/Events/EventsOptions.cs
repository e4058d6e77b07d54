using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Grains.Events;

/// <summary>Settings of the event bus (section <c>Events</c>).</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>Events kept per topic for resuming subscribers (<c>Events__RetainPerTopic</c>).</summary>
    [Range(1, 1_000_000)]
    public int RetainPerTopic { get; set; } = 1000;
}
