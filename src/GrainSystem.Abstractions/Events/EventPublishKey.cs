namespace GrainSystem.Abstractions.Events;

/// <summary>
/// Makes a publish idempotent: the topic stores <paramref name="Key"/> and <paramref name="Fingerprint"/> with the event
/// itself, so a retry within <paramref name="Retention"/> — on any activation of the topic, after a failover too —
/// answers the first publish's id and stores nothing again, while the event is still retained
/// (<see cref="EventsOptions.RetainPerTopic"/>).
/// </summary>
/// <param name="Key">The caller's key, already scoped to the topic and the caller (at most 128 characters).</param>
/// <param name="Fingerprint">Identifies the request (its data and content type): the same key with another fingerprint is refused.</param>
/// <param name="Retention">How long a stored key answers retries.</param>
[GenerateSerializer, Immutable]
public sealed record EventPublishKey(
    [property: Id(0)] string Key,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] TimeSpan Retention)
{
    /// <summary>Longest <see cref="Key"/> and <see cref="Fingerprint"/>, in characters.</summary>
    public const int MaxLength = 128;
}
