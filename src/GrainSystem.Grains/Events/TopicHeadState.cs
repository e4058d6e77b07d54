namespace GrainSystem.Grains.Events;

/// <summary>Stored form of a topic's segment range: segments <see cref="FirstSegment"/> … <see cref="LastSegment"/> hold its retention.</summary>
public sealed class TopicHeadState
{
    public int Version { get; set; } = 1;

    public long FirstSegment { get; set; }

    public long LastSegment { get; set; } = -1;
}
