namespace GrainSystem.Abstractions.Events;

/// <summary>An event as published on a topic, or a control event (<see cref="EventKinds"/>) of a subscription.</summary>
/// <param name="Id">Increases by one per published event of <paramref name="Topic"/>, starting at 1; 0 for control events.</param>
/// <param name="Topic">The topic it was published on (for a gap, the topic that lost events).</param>
/// <param name="Data">The JSON payload as published (for control events, a JSON object describing them).</param>
/// <param name="Timestamp">When the topic accepted it, to the millisecond (never decreasing per topic).</param>
/// <param name="Kind">One of <see cref="EventKinds"/>.</param>
[GenerateSerializer, Immutable]
public sealed record Event(
    [property: Id(0)] long Id,
    [property: Id(1)] string Topic,
    [property: Id(2)] string Data,
    [property: Id(3)] DateTimeOffset Timestamp,
    [property: Id(4)] string Kind = EventKinds.Published)
{
    /// <summary>True for an event published on a topic, false for a control event.</summary>
    public bool IsPublished => Kind == EventKinds.Published;
}
