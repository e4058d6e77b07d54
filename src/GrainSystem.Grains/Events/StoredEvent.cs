namespace GrainSystem.Grains.Events;

/// <summary>Stored form of a retained event (its topic is the grain's key).</summary>
public sealed class StoredEvent
{
    public long Id { get; set; }

    public string Data { get; set; } = "";

    public long TimestampMs { get; set; }

    /// <summary>The publish's scoped idempotency key, or null.</summary>
    public string? Key { get; set; }

    /// <summary>The fingerprint of the request published under <see cref="Key"/>.</summary>
    public string? Fingerprint { get; set; }
}
