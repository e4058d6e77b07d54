using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>The grain observer of one subscription: hands batches to the subscription without ever waiting.</summary>
internal sealed class SubscriptionObserver(Action<EventDelivery> receive) : IEventObserver
{
    public Task OnEvents(EventDelivery delivery)
    {
        receive(delivery);
        return Task.CompletedTask;
    }
}
