namespace GrainSystem.Abstractions.Events;

/// <summary>The outcome of a publish: the event's id, or why it was refused (nothing was stored then).</summary>
/// <param name="Id">The id given to the event (0 when refused).</param>
/// <param name="Field">The request field that was wrong (<c>topic</c> or <c>data</c>) when refused.</param>
/// <param name="Error">Why it was refused; null when accepted.</param>
[GenerateSerializer, Immutable]
public sealed record PublishResult(
    [property: Id(0)] long Id,
    [property: Id(1)] string? Field = null,
    [property: Id(2)] string? Error = null)
{
    /// <summary>True when the event was stored and given <see cref="Id"/>.</summary>
    public bool Accepted => Error is null;

    /// <summary>A refusal naming the wrong field.</summary>
    public static PublishResult Refused(string field, string error) => new(0, field, error);
}
