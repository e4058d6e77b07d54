using System.Collections.Immutable;
using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// Holds the subscriptions of one partition of the pattern space (see <see cref="EventRouting"/>) in a word
/// index, and hands each event to the subscriptions whose patterns match its topic.
/// </summary>
public interface IEventRouterGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers or refreshes a subscription for <see cref="EventRouting.SubscriptionLease"/>. Returns false
    /// when it was not registered before (new, expired, or lost with a silo): events may have been missed.
    /// </summary>
    Task<bool> Subscribe(Guid subscriptionId, IEventObserver observer, ImmutableArray<string> patterns);

    /// <summary>Removes a subscription.</summary>
    Task Unsubscribe(Guid subscriptionId);

    /// <summary>The patterns of every live subscription (one entry per subscription and pattern), for diagnostics.</summary>
    // ReadOnly: a snapshot that changes nothing.
    [ReadOnly]
    Task<ImmutableArray<string>> ListSubscribedPatterns();

    /// <summary>Delivers events (in id order per topic) to the matching subscriptions.</summary>
    Task Deliver(ImmutableArray<Event> events);
}
