namespace GrainSystem.Grains.Locking;

/// <summary>A persisted grant.</summary>
[GenerateSerializer]
internal sealed class LockHolderState
{
    /// <summary>SHA-256 of the owner token, lowercase hex.</summary>
    [Id(0)]
    public string TokenHash { get; set; } = "";

    [Id(1)]
    public string Owner { get; set; } = "";

    [Id(2)]
    public long FencingToken { get; set; }

    [Id(3)]
    public DateTimeOffset ExpiresAt { get; set; }
}
