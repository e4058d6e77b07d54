using System.Collections.Immutable;
using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Events;

/// <summary>A live subscription's receiving end (a grain observer created by the subscriber).</summary>
public interface IEventObserver : IGrainObserver
{
    /// <summary>
    /// Events matching the subscription, in id order per topic. One-way: a router never waits for a
    /// subscriber, so a slow one cannot slow the others.
    /// </summary>
    [OneWay]
    Task OnEvents(ImmutableArray<Event> events);
}
