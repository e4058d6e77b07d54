using System.Collections.Immutable;

namespace GrainSystem.Abstractions.Events;

/// <summary>Retained events of one topic read after some id.</summary>
/// <param name="Events">Events in id order.</param>
/// <param name="FirstRetainedId">Id of the oldest retained event (<paramref name="LastId"/> + 1 when none is retained).</param>
/// <param name="LastId">Id of the newest event ever published on the topic (0 when none).</param>
[GenerateSerializer, Immutable]
public sealed record EventPage(
    [property: Id(0)] ImmutableArray<Event> Events,
    [property: Id(1)] long FirstRetainedId,
    [property: Id(2)] long LastId);
