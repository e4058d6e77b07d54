namespace GrainSystem.Abstractions.Events;

/// <summary>The outcome of a publish.</summary>
/// <param name="Status">How the publish ended.</param>
/// <param name="Id">The id given to the event (Published; 0 otherwise).</param>
/// <param name="Field">The request field that was wrong, <c>topic</c> or <c>data</c> (Invalid).</param>
/// <param name="Error">Why it was refused or what is unknown (Invalid, Unavailable, OutcomeUnknown, KeyReused).</param>
[GenerateSerializer, Immutable]
public sealed record EventPublishResult(
    [property: Id(0)] EventPublishStatus Status,
    [property: Id(1)] long Id = 0,
    [property: Id(2)] string? Field = null,
    [property: Id(3)] string? Error = null)
{
    /// <summary>The event was stored as <paramref name="id"/>.</summary>
    public static EventPublishResult Published(long id) => new(EventPublishStatus.Published, id);

    /// <summary>A refusal naming the wrong field; nothing was stored.</summary>
    public static EventPublishResult Invalid(string field, string error) => new(EventPublishStatus.Invalid, 0, field, error);

    /// <summary>Refused, nothing stored; the caller may retry (see <see cref="EventPublishStatus.Unavailable"/>).</summary>
    public static EventPublishResult Unavailable(string error) => new(EventPublishStatus.Unavailable, 0, null, error);

    /// <summary>The event may have been stored (see <see cref="EventPublishStatus.OutcomeUnknown"/>).</summary>
    public static EventPublishResult OutcomeUnknown(string error) => new(EventPublishStatus.OutcomeUnknown, 0, null, error);

    /// <summary>The key was used with different data; nothing was stored (see <see cref="EventPublishStatus.KeyReused"/>).</summary>
    public static EventPublishResult KeyReused() =>
        new(EventPublishStatus.KeyReused, 0, "Idempotency-Key", "This key was used with a different request; nothing was stored.");
}
