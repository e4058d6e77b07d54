using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>
/// Puts a subscription's batches back in the order each router sent them. Orleans may deliver one-way
/// messages out of order (a silo reaches a client through any gateway the client is connected to) and may
/// lose them (a gateway or silo that fails), so every batch carries its registration's sequence number: a
/// batch ahead of its predecessors is held until they come; one that does not come within the grace period,
/// or a router saying it sent more than arrived, makes the subscription catch up from the retention.
/// What is held is bounded in batches and bytes over all registrations together.
/// Not thread-safe: <see cref="SubscriptionBuffer"/> calls it under its lock.
/// </summary>
internal sealed class DeliveryOrder(int maxHeldBatches, long maxHeldBytes)
{
    /// <summary>Registrations a router replaced, remembered so a late batch of theirs is not taken for a new lane.</summary>
    private const int MaxRetired = 64;

    private readonly Dictionary<Guid, Lane> _lanes = [];
    private readonly Queue<Guid> _retiredOrder = new();
    private readonly HashSet<Guid> _retired = [];
    private int _heldBatches;
    private long _heldBytes;

    /// <summary>Batches held ahead of a missing predecessor, over every registration.</summary>
    public int Held => _heldBatches;

    /// <summary>Bytes of the held batches.</summary>
    public long HeldBytes => _heldBytes;

    /// <summary>Registrations with a lane (held batches or a position in their sequence).</summary>
    public int Lanes => _lanes.Count;

    /// <summary>When the oldest batch still held arrived (null when none is held): the grace runs from there.</summary>
    public long? OldestHeldTicks
    {
        get
        {
            long? oldest = null;
            foreach (var lane in _lanes.Values)
            {
                if (lane.Held.Count > 0 && (oldest is null || lane.HeldSinceTicks < oldest))
                {
                    oldest = lane.HeldSinceTicks;
                }
            }

            return oldest;
        }
    }

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
            ReleaseInOrder(lane, release);
            return Outcome.Released;
        }

        var bytes = SizeOf(delivery.Events);
        if (lane.Held.TryAdd(delivery.Sequence, new HeldBatch(delivery.Events, nowTicks, bytes)))
        {
            _heldBatches++;
            _heldBytes += bytes;
            lane.HeldSinceTicks = lane.Held.Count == 1 ? nowTicks : lane.HeldSinceTicks;
        }

        if (_heldBatches > maxHeldBatches || _heldBytes > maxHeldBytes)
        {
            foreach (var full in _lanes.Values)
            {
                ReleaseAll(full, release);
            }

            return Outcome.Resync;
        }

        return Outcome.Held;
    }

    /// <summary>
    /// Lets go of the batches of every lane whose oldest held batch arrived <paramref name="graceTicks"/> or more
    /// ago (the predecessors are taken as lost); true when it did, so the subscription must catch up.
    /// </summary>
    public bool ReleaseStalled(long nowTicks, long graceTicks, List<ImmutableArray<Event>> release)
    {
        var lost = false;
        foreach (var lane in _lanes.Values)
        {
            if (lane.Held.Count > 0 && nowTicks - lane.HeldSinceTicks >= graceTicks)
            {
                ReleaseAll(lane, release);
                lost = true;
            }
        }

        return lost;
    }

    /// <summary>
    /// A router said it has sent <paramref name="lastSequence"/> batches on <paramref name="registration"/>. Batches it
    /// had already sent at the previous confirmation and that still have not arrived are lost: returns true (the
    /// subscription must catch up). A batch merely on its way is given until the next confirmation, and a hole
    /// with later batches held behind it is left to the grace period.
    /// </summary>
    public bool Confirm(Guid registration, long lastSequence, List<ImmutableArray<Event>> release)
    {
        if (_retired.Contains(registration))
        {
            return false;
        }

        var lane = LaneOf(registration);
        var lost = false;
        if (lane.Held.Count == 0 && lane.Suspect is { } suspect && suspect >= lane.Next)
        {
            lane.Next = suspect + 1;
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
            ReleaseAll(lane, release);
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

    /// <summary>Forgets every lane but the routers' <paramref name="current"/> registrations, letting go of what they held.</summary>
    public void Prune(IReadOnlyCollection<Guid> current, List<ImmutableArray<Event>> release)
    {
        foreach (var registration in _lanes.Keys.Where(r => !current.Contains(r)).ToList())
        {
            Retire(registration, release);
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

    /// <summary>Lets go of the held batches that follow <see cref="Lane.Next"/> without a hole.</summary>
    private void ReleaseInOrder(Lane lane, List<ImmutableArray<Event>> release)
    {
        var released = false;
        while (lane.Held.Remove(lane.Next, out var batch))
        {
            Forget(batch);
            release.Add(batch.Events);
            lane.Next++;
            released = true;
        }

        if (released && lane.Held.Count > 0)
        {
            // The grace of what is still held runs from when the oldest of it arrived.
            lane.HeldSinceTicks = lane.Held.Values.Min(b => b.ArrivedTicks);
        }
    }

    /// <summary>Lets go of every held batch of <paramref name="lane"/>, in order, skipping the missing ones.</summary>
    private void ReleaseAll(Lane lane, List<ImmutableArray<Event>> release)
    {
        foreach (var (sequence, batch) in lane.Held)
        {
            Forget(batch);
            release.Add(batch.Events);
            lane.Next = sequence + 1;
        }

        lane.Held.Clear();
    }

    private void Forget(HeldBatch batch)
    {
        _heldBatches--;
        _heldBytes -= batch.Bytes;
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

    private readonly record struct HeldBatch(ImmutableArray<Event> Events, long ArrivedTicks, long Bytes);

    private sealed class Lane
    {
        /// <summary>Sequence number of the next batch to let go.</summary>
        public long Next { get; set; } = 1;

        /// <summary>Batches that arrived ahead of <see cref="Next"/>, by sequence number.</summary>
        public SortedDictionary<long, HeldBatch> Held { get; } = [];

        /// <summary>When the oldest held batch arrived.</summary>
        public long HeldSinceTicks { get; set; }

        /// <summary>What the router said it had sent at the last confirmation, when more than had arrived.</summary>
        public long? Suspect { get; set; }
    }
}
