using System.Collections.Immutable;

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// A batch of events a router hands to one subscription. Orleans does not promise that one-way messages
/// arrive, nor that they arrive in the order sent (a silo may reach a client through any of the gateways it
/// is connected to), so every batch carries its place in the router's sequence for that registration: the
/// subscriber puts batches back in order, and notices one that never came.
/// </summary>
/// <param name="Registration">Identifies the router's registration of the subscription (a new one after the router lost it).</param>
/// <param name="Sequence">1 for the registration's first batch, then one more per batch.</param>
/// <param name="Events">Events matching the subscription, in id order per topic.</param>
[GenerateSerializer, Immutable]
public sealed record EventDelivery(
    [property: Id(0)] Guid Registration,
    [property: Id(1)] long Sequence,
    [property: Id(2)] ImmutableArray<Event> Events);
