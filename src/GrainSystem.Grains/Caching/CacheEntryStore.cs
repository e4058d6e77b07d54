using System.Runtime.InteropServices;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The entries of one partition: a dictionary of packed entries, an expiry heap for the purge timer and the
/// accounting against the silo's <see cref="CacheMemoryBudget"/>. Owned by one grain activation and changed only on its
/// turns; every method that reads or changes the entries takes the store's lock, so that hot reads of a co-hosted client
/// (<see cref="TryReadShared"/>, on other threads) see the dictionary whole and every change made before they started, and a
/// batch's changes all at once (<see cref="Hold"/>). The lock is uncontended but for those reads, which give way to the grain
/// when it is held, and nothing holds it across a wait. <see cref="Count"/> and <see cref="Bytes"/> are read without it.
/// </summary>
internal sealed class CacheEntryStore(CacheMemoryBudget budget, CacheMetrics metrics)
{
    private readonly Dictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

    // (key, deadline) pairs; a pair may be stale (the entry was rewritten or slid): checked when it is popped.
    private readonly PriorityQueue<string, long> _expiry = new();

    // Reentrant: a method may call another (TryGet removes an expired entry, the purge and eviction remove entries).
    private readonly Lock _gate = new();

    private bool _cleared;

    public int Count => _entries.Count;

    public long Bytes { get; private set; }

    /// <summary>The live entry of <paramref name="key"/>; an expired entry is removed and reported as absent.</summary>
    public bool TryGet(string key, long nowMs, out CacheEntry entry)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var buffer))
            {
                entry = default;
                return false;
            }

            entry = new CacheEntry(buffer);
            if (!entry.IsExpired(nowMs))
            {
                return true;
            }

            Remove(key);
            metrics.Expired(1);
            return false;
        }
    }

    /// <summary>
    /// A hot read from another thread: the live entry of <paramref name="key"/>, touched for the LRU order, when it has no
    /// sliding window (a slide, and removing an expired entry, are left to the activation's turns); false otherwise. Such an
    /// entry's last touch orders it for eviction and nothing else, so a grain read touching it outside the lock at the same
    /// moment can at worst misplace it in that order.
    /// </summary>
    public bool TryReadShared(string key, long nowMs, out CacheEntry entry)
    {
        // A turn holding the lock (an eviction's sort, a purge, a batch) is not waited for on a request thread: the grain answers.
        if (!_gate.TryEnter())
        {
            entry = default;
            return false;
        }

        try
        {
            if (!_cleared && _entries.TryGetValue(key, out var buffer))
            {
                entry = new CacheEntry(buffer);
                if (entry.SlidingMs == 0 && !entry.IsExpired(nowMs))
                {
                    entry.LastTouchMs = nowMs;
                    return true;
                }
            }

            entry = default;
            return false;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>
    /// Holds the store's lock while several changes are made that co-hosted reads must see all at once (a batch's); only
    /// in a stretch of code that does not wait.
    /// </summary>
    public Lock.Scope Hold() => _gate.EnterScope();

    public void Put(string key, CacheEntry entry)
    {
        lock (_gate)
        {
            if (_cleared)
            {
                // The activation is gone: a Redis continuation finishing after deactivation must not add bytes nobody returns.
                return;
            }

            // Sized before the slot is taken: nothing between taking it and filling it can throw.
            var bytes = CacheEntry.SizeOf(key, entry.Buffer);
            var previousDeadline = 0L;
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out var replaced);
            if (replaced)
            {
                previousDeadline = new CacheEntry(slot!).DeadlineMs;
                bytes -= CacheEntry.SizeOf(key, slot!);
            }

            slot = entry.Buffer;
            Account(bytes, replaced ? 0 : 1);

            // One heap element per key is enough when the old one fires no later than the new deadline: it is
            // then re-queued at the real deadline when popped.
            var deadline = entry.DeadlineMs;
            if (deadline != 0 && (previousDeadline == 0 || previousDeadline > deadline))
            {
                _expiry.Enqueue(key, deadline);
            }
        }
    }

    public bool Remove(string key)
    {
        lock (_gate)
        {
            if (!_entries.Remove(key, out var buffer))
            {
                return false;
            }

            Account(-CacheEntry.SizeOf(key, buffer), -1);
            return true;
        }
    }

    /// <summary>Removes entries whose deadline passed, at most <paramref name="max"/>.</summary>
    public void PurgeExpired(long nowMs, int max = 10_000)
    {
        lock (_gate)
        {
            var purged = 0;
            while (purged < max && _expiry.TryPeek(out var key, out var deadline) && deadline <= nowMs)
            {
                _expiry.Dequeue();
                if (!_entries.TryGetValue(key, out var buffer))
                {
                    continue;
                }

                var entry = new CacheEntry(buffer);
                var actual = entry.DeadlineMs;
                if (actual != 0 && actual <= nowMs)
                {
                    Remove(key);
                    purged++;
                }
                else if (actual != 0)
                {
                    _expiry.Enqueue(key, actual);
                }
            }

            if (purged > 0)
            {
                metrics.Expired(purged);
            }

            // Drop stale heap elements of keys that were deleted, so the heap cannot grow past the entries.
            if (_expiry.Count > 2 * _entries.Count + 1024)
            {
                RebuildExpiryQueue();
            }
        }
    }

    /// <summary>
    /// While the silo is over its budget, evicts this partition's least-recently-used entries (oldest last
    /// touch first), at least a batch of 1/16 of them so the sort is paid once per many writes.
    /// <paramref name="keep"/> is never evicted (the entry just written).
    /// </summary>
    public void EvictWhileOverBudget(string? keep = null)
    {
        // Checked before the lock, which the write path then takes only when there is something to evict.
        if (!budget.IsOver)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Count == 0)
            {
                return;
            }

            var candidates = new (long Touch, string Key)[_entries.Count];
            var i = 0;
            foreach (var (key, buffer) in _entries)
            {
                candidates[i++] = (new CacheEntry(buffer).LastTouchMs, key);
            }

            Array.Sort(candidates, static (a, b) => a.Touch.CompareTo(b.Touch));
            var batch = Math.Max(1, candidates.Length / 16);
            var evicted = 0;
            foreach (var (_, key) in candidates)
            {
                if (evicted >= batch && !budget.IsOver)
                {
                    break;
                }

                if (!ReferenceEquals(key, keep) && key != keep && Remove(key))
                {
                    evicted++;
                }
            }

            if (evicted > 0)
            {
                metrics.Evicted(evicted);
            }
        }
    }

    /// <summary>Gives back every entry's bytes to the budget (the activation is going away).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _cleared = true;
            Account(-Bytes, -_entries.Count);
            _entries.Clear();
            _expiry.Clear();
        }
    }

    private void Account(long bytes, int entries)
    {
        Bytes += bytes;
        budget.Add(bytes, entries);
    }

    private void RebuildExpiryQueue()
    {
        _expiry.Clear();
        foreach (var (key, buffer) in _entries)
        {
            var deadline = new CacheEntry(buffer).DeadlineMs;
            if (deadline != 0)
            {
                _expiry.Enqueue(key, deadline);
            }
        }
    }
}
