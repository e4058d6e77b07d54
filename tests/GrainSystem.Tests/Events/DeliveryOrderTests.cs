using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;

namespace GrainSystem.Tests.Events;

/// <summary>Putting a router's batches back in order, and noticing the ones that never came.</summary>
public sealed class DeliveryOrderTests
{
    private static readonly Guid Registration = Guid.NewGuid();
    private readonly DeliveryOrder _order = new(maxHeldBatches: 4, maxHeldBytes: 1 << 20);
    private readonly List<ImmutableArray<Event>> _release = [];

    [Fact]
    public void Batches_in_sequence_are_released_at_once()
    {
        Assert.Equal(DeliveryOrder.Outcome.Released, Accept(1, 1));
        Assert.Equal(DeliveryOrder.Outcome.Released, Accept(2, 2));
        Assert.Equal([1L, 2L], Released());
    }

    [Fact]
    public void A_batch_ahead_of_its_predecessor_is_held_until_the_predecessor_arrives_then_both_go_in_order()
    {
        Assert.Equal(DeliveryOrder.Outcome.Released, Accept(1, 1));
        Assert.Equal(DeliveryOrder.Outcome.Held, Accept(3, 3));
        Assert.Equal(DeliveryOrder.Outcome.Held, Accept(4, 4));
        Assert.Equal([1L], Released());
        Assert.Equal(2, _order.Held);

        Assert.Equal(DeliveryOrder.Outcome.Released, Accept(2, 2));
        Assert.Equal([2L, 3L, 4L], Released());
        Assert.Equal(0, _order.Held);
    }

    [Fact]
    public void A_predecessor_that_does_not_come_within_the_grace_is_taken_as_lost()
    {
        Accept(2, 2, now: 100);
        Assert.False(_order.ReleaseStalled(nowTicks: 150, graceTicks: 100, _release, out var next));
        Assert.Equal(200, next);
        Assert.Empty(Released());

        Assert.True(_order.ReleaseStalled(nowTicks: 200, graceTicks: 100, _release, out next));
        Assert.Null(next);
        Assert.Equal([2L], Released());

        // The lane goes on after the lost batch.
        Assert.Equal(DeliveryOrder.Outcome.Released, Accept(3, 3));
        Assert.Equal([3L], Released());
    }

    [Fact]
    public void Holding_more_than_the_bound_releases_everything_and_asks_for_a_catch_up()
    {
        for (var sequence = 2; sequence <= 5; sequence++)
        {
            Assert.Equal(DeliveryOrder.Outcome.Held, Accept(sequence, sequence));
        }

        Assert.Equal(DeliveryOrder.Outcome.Resync, Accept(6, 6));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], Released());
    }

    [Fact]
    public void A_router_that_sent_batches_which_still_have_not_arrived_a_confirmation_later_means_they_were_lost()
    {
        Accept(1, 1);
        // The router has sent 2 and 3; they may still be on their way.
        Assert.False(_order.Confirm(Registration, 3, _release));
        Accept(2, 2);
        // A period later, 3 never came.
        Assert.True(_order.Confirm(Registration, 3, _release));
        Assert.Equal([1L, 2L], Released());

        // The lane goes on after the lost batch, and a confirmation that everything arrived raises nothing.
        Accept(4, 4);
        Assert.False(_order.Confirm(Registration, 4, _release));
        Assert.False(_order.Confirm(Registration, 4, _release));
        Assert.Equal([4L], Released());
    }

    [Fact]
    public void A_batch_on_its_way_during_a_confirmation_is_not_taken_as_lost()
    {
        Assert.False(_order.Confirm(Registration, 1, _release));
        Accept(1, 1);
        Assert.False(_order.Confirm(Registration, 1, _release));
        Assert.Equal([1L], Released());
    }

    [Fact]
    public void A_late_batch_of_a_replaced_registration_is_released_without_waiting()
    {
        Accept(3, 3);
        _order.Retire(Registration, _release);
        Assert.Equal([3L], Released());
        Assert.Equal(DeliveryOrder.Outcome.Released, Accept(1, 1));
        Assert.Equal([1L], Released());
        Assert.Equal(0, _order.Held);
    }

    private DeliveryOrder.Outcome Accept(long sequence, long eventId, long now = 0) =>
        _order.Accept(new EventDelivery(Registration, sequence, [new Event(eventId, "t", "{}", DateTimeOffset.UnixEpoch)]), now, _release);

    private List<long> Released()
    {
        var ids = _release.SelectMany(b => b).Select(e => e.Id).ToList();
        _release.Clear();
        return ids;
    }
}
