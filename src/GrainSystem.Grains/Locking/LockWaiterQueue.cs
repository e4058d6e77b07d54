using System.Collections;

namespace GrainSystem.Grains.Locking;

/// <summary>The waiters of one lock in arrival order, found by waiter id.</summary>
internal sealed class LockWaiterQueue : IEnumerable<LockWaiter>
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

    public void RemoveWhere(Func<LockWaiter, bool> lapsed)
    {
        foreach (var waiter in _order.Where(lapsed).ToList())
        {
            Remove(waiter);
        }
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

    public void Clear()
    {
        _order.Clear();
        _byId.Clear();
    }

    public IEnumerator<LockWaiter> GetEnumerator() => _order.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
