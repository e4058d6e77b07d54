namespace GrainSystem.Abstractions.Events;

/// <summary>A router's answer to a subscription registering or refreshing its lease.</summary>
/// <param name="Known">False when the router did not hold the subscription before (new, expired, or lost with a silo): events may have been missed.</param>
/// <param name="Registration">The registration's identity, carried by each of its <see cref="EventDelivery"/> batches.</param>
/// <param name="LastSequence">Sequence number of the last batch the router sent on this registration (0 for none).</param>
[GenerateSerializer, Immutable]
public sealed record RouterSubscription(
    [property: Id(0)] bool Known,
    [property: Id(1)] Guid Registration,
    [property: Id(2)] long LastSequence);
