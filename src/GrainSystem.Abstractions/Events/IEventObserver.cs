using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Events;

/// <summary>A live subscription's receiving end (a grain observer created by the subscriber).</summary>
public interface IEventObserver : IGrainObserver
{
    /// <summary>
    /// A batch of events matching the subscription, in id order per topic. One-way: a router never waits
    /// for a subscriber, so a slow one cannot slow the others.
    /// </summary>
    [OneWay]
    Task OnEvents(EventDelivery delivery);
}
