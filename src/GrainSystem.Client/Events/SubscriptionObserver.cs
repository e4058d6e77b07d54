using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>The grain observer of one subscription: hands batches to the subscription without ever waiting.</summary>
internal sealed class SubscriptionObserver(Action<ImmutableArray<Event>> receive) : IEventObserver
{
    public Task OnEvents(ImmutableArray<Event> events)
    {
        receive(events);
        return Task.CompletedTask;
    }
}
