using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>
/// Puts a subscription's batches back in the order each router sent them. Orleans may deliver one-way
/// messages out of order (a silo reaches a client through any gateway the client is connected to) and may
/// lose them (a gateway or silo that fails), so every batch carries its registration's sequence number: a
/// batch ahead of its predecessors is held until they come; one that does not come within the grace period,
/// or a router saying it sent more than arrived, makes the subscription catch up from the retention.
/// Not thread-safe: <see cref="SubscriptionBuffer"/> calls it under its lock.
/// </summary>
internal sealed class DeliveryOrder(int maxHeldBatches, long maxHeldBytes)
{
    /// <summary>Registrations a router replaced, remembered so a late batch of theirs is not taken for a new lane.</summary>
    private const int MaxRetired = 64;

    private readonly Dictionary<Guid, Lane> _lanes = [];
    private readonly Queue<Guid> _retiredOrder = new();
    private readonly HashSet<Guid> _retired = [];

    /// <summary>Batches held ahead of a missing predecessor, over every registration.</summary>
    public int Held => _lanes.Values.Sum(l => l.Held.Count);

    /// <summary>
    /// Takes a batch that arrived; adds to <paramref name="release"/> what may now be buffered, in order.
    /// Returns <see cref="Outcome.Held"/> when the batch waits for a predecessor, <see cref="Outcome.Resync"/>
    /// when too much was held and everything was let go (the missing batches must be read from the retention).
    /// </summary>
    public Outcome Accept(EventDelivery delivery, long nowTicks, List<ImmutableArray<Event>> release)
    {
        if (_retired.Contains(delivery.Registration))
        {
            // A late batch of a registration the router replaced (the catch-up that followed covers it): duplicates are dropped by id.
            release.Add(delivery.Events);
            return Outcome.Released;
        }

        var lane = LaneOf(delivery.Registration);
        if (delivery.Sequence < lane.Next)
        {
            release.Add(delivery.Events); // already let go past it: ids tell the reader what is new
            return Outcome.Released;
        }

        if (delivery.Sequence == lane.Next)
        {
            release.Add(delivery.Events);
            lane.Next++;
            lane.ReleaseInOrder(release);
            return Outcome.Released;
        }

        if (lane.Held.Count == 0)
        {
            lane.HeldSinceTicks = nowTicks;
        }

        lane.Held[delivery.Sequence] = delivery.Events;
        lane.HeldBytes += SizeOf(delivery.Events);
        if (lane.Held.Count > maxHeldBatches || lane.HeldBytes > maxHeldBytes)
        {
            lane.ReleaseAll(release);
            return Outcome.Resync;
        }

        return Outcome.Held;
    }

    /// <summary>
    /// Lets go of batches held longer than <paramref name="grace"/> (their predecessors are taken as lost); true
    /// when it did, so the subscription must catch up. <paramref name="nextCheckTicks"/> is when batches still
    /// held are due (or null when none is).
    /// </summary>
    public bool ReleaseStalled(long nowTicks, long graceTicks, List<ImmutableArray<Event>> release, out long? nextCheckTicks)
    {
        var lost = false;
        nextCheckTicks = null;
        foreach (var lane in _lanes.Values)
        {
            if (lane.Held.Count == 0)
            {
                continue;
            }

            if (nowTicks - lane.HeldSinceTicks >= graceTicks)
            {
                lane.ReleaseAll(release);
                lost = true;
            }
            else
            {
                var due = lane.HeldSinceTicks + graceTicks;
                nextCheckTicks = nextCheckTicks is { } earliest ? Math.Min(earliest, due) : due;
            }
        }

        return lost;
    }

    /// <summary>
    /// A router said it has sent <paramref name="lastSequence"/> batches on <paramref name="registration"/>. Batches it
    /// had already sent at the previous confirmation and that still have not arrived are lost: lets go of what is held
    /// and returns true (the subscription must catch up). A batch merely on its way is given until the next confirmation.
    /// </summary>
    public bool Confirm(Guid registration, long lastSequence, List<ImmutableArray<Event>> release)
    {
        if (_retired.Contains(registration))
        {
            return false;
        }

        var lane = LaneOf(registration);
        var lost = false;
        if (lane.Suspect is { } suspect && suspect >= lane.Next)
        {
            lane.ReleaseAll(release);
            lane.Next = Math.Max(lane.Next, suspect + 1);
            lane.ReleaseInOrder(release);
            lost = true;
        }

        lane.Suspect = lastSequence >= lane.Next ? lastSequence : null;
        return lost;
    }

    /// <summary>The router replaced <paramref name="registration"/> (it had lost the subscription): lets go of what it held and forgets it.</summary>
    public void Retire(Guid registration, List<ImmutableArray<Event>> release)
    {
        if (_lanes.Remove(registration, out var lane))
        {
            lane.ReleaseAll(release);
        }

        if (_retired.Add(registration))
        {
            _retiredOrder.Enqueue(registration);
            if (_retiredOrder.Count > MaxRetired)
            {
                _retired.Remove(_retiredOrder.Dequeue());
            }
        }
    }

    private Lane LaneOf(Guid registration)
    {
        if (!_lanes.TryGetValue(registration, out var lane))
        {
            _lanes[registration] = lane = new Lane();
        }

        return lane;
    }

    private static long SizeOf(ImmutableArray<Event> events)
    {
        var bytes = 0L;
        foreach (var e in events)
        {
            bytes += SubscriptionBuffer.SizeOf(e);
        }

        return bytes;
    }

    public enum Outcome
    {
        Released,
        Held,
        Resync,
    }

    private sealed class Lane
    {
        /// <summary>Sequence number of the next batch to let go.</summary>
        public long Next { get; set; } = 1;

        /// <summary>Batches that arrived ahead of <see cref="Next"/>, by sequence number.</summary>
        public SortedDictionary<long, ImmutableArray<Event>> Held { get; } = [];

        public long HeldBytes { get; set; }

        /// <summary>When the oldest held batch arrived.</summary>
        public long HeldSinceTicks { get; set; }

        /// <summary>What the router said it had sent at the last confirmation, when more than had arrived.</summary>
        public long? Suspect { get; set; }

        /// <summary>Lets go of the held batches that follow <see cref="Next"/> without a hole.</summary>
        public void ReleaseInOrder(List<ImmutableArray<Event>> release)
        {
            while (Held.Remove(Next, out var events))
            {
                HeldBytes -= SizeOf(events);
                release.Add(events);
                Next++;
            }

            if (Held.Count == 0)
            {
                HeldBytes = 0;
            }
        }

        /// <summary>Lets go of every held batch, in order, skipping the missing ones.</summary>
        public void ReleaseAll(List<ImmutableArray<Event>> release)
        {
            foreach (var (sequence, events) in Held)
            {
                release.Add(events);
                Next = sequence + 1;
            }

            Held.Clear();
            HeldBytes = 0;
        }
    }
}
