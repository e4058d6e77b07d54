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
    /// Registers or refreshes a subscription for <see cref="EventRouting.SubscriptionLease"/>; the answer says
    /// whether it was registered before and how many batches the router has sent it.
    /// </summary>
    Task<RouterSubscription> Subscribe(Guid subscriptionId, IEventObserver observer, ImmutableArray<string> patterns);

    /// <summary>Removes a subscription.</summary>
    Task Unsubscribe(Guid subscriptionId);

    /// <summary>The patterns of every live subscription (one entry per subscription and pattern), for diagnostics.</summary>
    // ReadOnly: a snapshot that changes nothing.
    [ReadOnly]
    Task<ImmutableArray<string>> ListSubscribedPatterns();

    /// <summary>Delivers events (in id order per topic) to the matching subscriptions.</summary>
    Task Deliver(ImmutableArray<Event> events);
}
