using System.Collections.Concurrent;
using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

/// <summary>
/// A silo-side outgoing call filter that loses, or holds back, the router's batch carrying a chosen event, as
/// Orleans may do with one-way messages (lost when a gateway fails; overtaken when a silo reaches a client
/// through another gateway). Each plan applies to one batch, once. It also holds back a topic's forwarding of an event to
/// its routers (as unreachable routers would), and counts what topics forward.
/// </summary>
public sealed class DeliveryFaults : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<(string Topic, long Id), TaskCompletionSource?> Plans = new();
    private static readonly ConcurrentDictionary<(string Topic, long Id), TaskCompletionSource> HeldForwardings = new();
    private static readonly ConcurrentDictionary<(string Topic, long Id), byte> Forwarded = new();

    /// <summary>The topic's forwarding of event <paramref name="id"/> to its routers waits until the returned gate opens.</summary>
    public static TaskCompletionSource HoldBackForwarding(string topic, long id) =>
        HeldForwardings.GetOrAdd((topic, id), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>How many distinct events of <paramref name="topic"/> its topic grain has forwarded to the routers.</summary>
    public static int ForwardedCount(string topic) => Forwarded.Keys.Count(k => k.Topic == topic);

    /// <summary>The batch carrying event <paramref name="id"/> of <paramref name="topic"/> never reaches the subscriber.</summary>
    public static void Lose(string topic, long id) => Plans[(topic, id)] = null;

    /// <summary>The batch carrying event <paramref name="id"/> of <paramref name="topic"/> is sent when the returned gate opens.</summary>
    public static TaskCompletionSource HoldBack(string topic, long id)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Plans[(topic, id)] = gate;
        return gate;
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is ImmutableArray<Event> forwarding)
        {
            foreach (var e in forwarding)
            {
                Forwarded.TryAdd((e.Topic, e.Id), 0);
                if (HeldForwardings.TryGetValue((e.Topic, e.Id), out var held))
                {
                    await held.Task;
                }
            }
        }

        if (context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is EventDelivery delivery)
        {
            foreach (var e in delivery.Events)
            {
                if (Plans.TryRemove((e.Topic, e.Id), out var gate))
                {
                    if (gate is null)
                    {
                        return; // lost on the way
                    }

                    await gate.Task;
                    break;
                }
            }
        }

        await context.Invoke();
    }
}
