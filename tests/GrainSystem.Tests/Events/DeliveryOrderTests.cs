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
        Assert.Equal(100, _order.OldestHeldTicks);
        Assert.False(_order.ReleaseStalled(nowTicks: 150, graceTicks: 100, _release));
        Assert.Empty(Released());

        Assert.True(_order.ReleaseStalled(nowTicks: 200, graceTicks: 100, _release));
        Assert.Null(_order.OldestHeldTicks);
        Assert.Equal([2L], Released());

        // The lane goes on after the lost batch.
        Assert.Equal(DeliveryOrder.Outcome.Released, Accept(3, 3));
        Assert.Equal([3L], Released());
    }

    [Fact]
    public void The_grace_of_batches_still_held_after_a_partial_release_runs_from_when_they_arrived()
    {
        Accept(2, 2, now: 100);
        Accept(4, 4, now: 300);
        Accept(1, 1, now: 350);
        Assert.Equal([1L, 2L], Released());
        Assert.Equal(300, _order.OldestHeldTicks);
    }

    [Fact]
    public void Holding_more_than_the_bound_over_all_registrations_releases_everything_and_asks_for_a_catch_up()
    {
        var other = Guid.NewGuid();
        Assert.Equal(DeliveryOrder.Outcome.Held, Accept(2, 2));
        Assert.Equal(DeliveryOrder.Outcome.Held, Accept(3, 3));
        Assert.Equal(DeliveryOrder.Outcome.Held, _order.Accept(Delivery(other, 2, 20), 0, _release));
        Assert.Equal(DeliveryOrder.Outcome.Held, _order.Accept(Delivery(other, 3, 30), 0, _release));
        Assert.Equal(4, _order.Held);

        Assert.Equal(DeliveryOrder.Outcome.Resync, Accept(4, 4));
        Assert.Equal([2L, 3L, 4L, 20L, 30L], Released().Order());
        Assert.Equal(0, _order.Held);
        Assert.Equal(0, _order.HeldBytes);
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
    public void A_hole_with_later_batches_held_behind_it_is_left_to_the_grace_not_to_the_confirmations()
    {
        Accept(3, 3);
        Assert.False(_order.Confirm(Registration, 3, _release));
        Assert.False(_order.Confirm(Registration, 3, _release));
        Assert.Equal(1, _order.Held);
        Assert.Empty(Released());
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

    [Fact]
    public void Lanes_of_registrations_no_router_holds_any_more_are_forgotten()
    {
        var current = Guid.NewGuid();
        _order.Accept(Delivery(current, 1, 1), 0, _release);
        Accept(2, 2);
        _order.Prune([current], _release);

        Assert.Equal(1, _order.Lanes);
        Assert.Equal(0, _order.Held);
        Assert.Equal([1L, 2L], Released());
    }

    private DeliveryOrder.Outcome Accept(long sequence, long eventId, long now = 0) =>
        _order.Accept(Delivery(Registration, sequence, eventId), now, _release);

    private static EventDelivery Delivery(Guid registration, long sequence, long eventId) =>
        new(registration, sequence, [new Event(eventId, "t", "{}", DateTimeOffset.UnixEpoch)]);

    private List<long> Released()
    {
        var ids = _release.SelectMany(b => b).Select(e => e.Id).ToList();
        _release.Clear();
        return ids;
    }
}
