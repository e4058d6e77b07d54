namespace GrainSystem.Grains.Events;

/// <summary>Stored form of a retained event (its topic is the grain's key).</summary>
public sealed class StoredEvent
{
    public long Id { get; set; }

    public string Data { get; set; } = "";

    public long TimestampMs { get; set; }
}
