using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>The waiters of one lock in arrival order, found by waiter id.</summary>
internal sealed class LockWaiterQueue
{
    private readonly LinkedList<LockWaiter> _order = new();
    private readonly Dictionary<Guid, LinkedListNode<LockWaiter>> _byId = [];

    public int Count => _order.Count;

    public LockWaiter? First => _order.First?.Value;

    public bool TryGet(Guid id, out LockWaiter waiter)
    {
        var found = _byId.TryGetValue(id, out var node);
        waiter = node?.Value!;
        return found;
    }

    public LockWaiter Enqueue(Guid id)
    {
        var node = _order.AddLast(new LockWaiter(id));
        _byId.Add(id, node);
        return node.Value;
    }

    /// <summary>Removes this very waiter (not another entry that later took the same id).</summary>
    public void Remove(LockWaiter waiter)
    {
        if (_byId.TryGetValue(waiter.Id, out var node) && node.Value == waiter)
        {
            _byId.Remove(waiter.Id);
            _order.Remove(node);
        }
    }

    /// <summary>Drops the waiters that have gone between two calls (<see cref="LockWaiter.IsGone"/>).</summary>
    public void RemoveGone(DateTimeOffset now, TimeSpan grace)
    {
        foreach (var waiter in _order.Where(w => w.IsGone(now, grace)).ToList())
        {
            Remove(waiter);
        }
    }

    /// <summary>When the first waiter between two calls goes, or null when every waiter's call is waiting.</summary>
    public DateTimeOffset? FirstLapse(TimeSpan grace)
    {
        DateTimeOffset? first = null;
        foreach (var waiter in _order)
        {
            if (waiter.LapsesAt(grace) is { } lapse && (first is null || lapse < first))
            {
                first = lapse;
            }
        }

        return first;
    }

    /// <summary>
    /// Hands <paramref name="grant"/>, just made for <paramref name="granted"/>, to a retried call of that same waiter
    /// (same id and owner label) that queued again while the grant was being written.
    /// </summary>
    public void HandToRetryOf(LockWaiter granted, LockGrant grant)
    {
        if (TryGet(granted.Id, out var retry) && retry.Owner == granted.Owner)
        {
            Remove(retry);
            retry.Call?.TrySetResult(grant);
        }
    }

    /// <summary>Fails every waiting call with <paramref name="exception"/> and empties the queue.</summary>
    public void FailAll(Exception exception)
    {
        foreach (var waiter in _order)
        {
            waiter.Call?.TrySetException(exception);
        }

        Clear();
    }

    /// <summary>Waiters ahead of <paramref name="waiter"/>.</summary>
    public int PositionOf(LockWaiter waiter)
    {
        var position = 0;
        for (var node = _order.First; node is not null && node.Value != waiter; node = node.Next)
        {
            position++;
        }

        return position;
    }

    private void Clear()
    {
        _order.Clear();
        _byId.Clear();
    }
}
