namespace GrainSystem.Grains.Events;

/// <summary>Stored form of one segment of a topic's retention: up to <see cref="SegmentedTopicLog.SegmentSize"/> consecutive events.</summary>
public sealed class TopicSegmentState
{
    public int Version { get; set; } = 1;

    public List<StoredEvent> Events { get; set; } = [];
}
