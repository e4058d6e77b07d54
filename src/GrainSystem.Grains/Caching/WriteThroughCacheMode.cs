using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Write-through: the activation owns its partition's keys (<see cref="CacheOwnership"/>), decides every rule in memory
/// (reading a key back from Redis first when memory lacks it), sends the change to Redis fenced by its epoch and applies it
/// to memory once Redis stored it. Everything of a key that waits for Redis runs in that key's lane, so Redis sees a key's
/// writes in the order they were decided, and a read-back never stores an older version over a newer write.
/// </summary>
internal sealed class WriteThroughCacheMode(CachePartition partition, CachePartitionRedis redisSide, CacheOwnership ownership)
    : CacheMode(partition)
{
    private static readonly CacheBatchResult Refused = new() { Status = CacheBatchStatus.Unavailable };

    private readonly CacheIncrements _increments = new(partition, redisSide, ownership);

    public override bool ServesFromMemory => ownership.IsLeased;

    public CacheOwnership Ownership => ownership;

    public override async ValueTask<CacheReadResult> ReadAsync(string key)
    {
        // A lapsed lease is confirmed again before memory answers: a superseded activation must not serve what it holds.
        if (!await LeasedAsync())
        {
            return new CacheReadResult { Status = CacheReadStatus.Unavailable };
        }

        if (Partition.Store.TryGet(key, Partition.NowMs, out var cached))
        {
            return Hit(key, cached, Partition.NowMs);
        }

        await Partition.Lanes.EnterAsync(key);
        try
        {
            var now = Partition.NowMs;
            if (Partition.Store.TryGet(key, now, out cached))
            {
                return Hit(key, cached, now);
            }

            if (await redisSide.LoadAsync(key) is not { } loaded)
            {
                return new CacheReadResult { Status = CacheReadStatus.Unavailable };
            }

            if (loaded.Buffer is null)
            {
                Partition.Metrics.Miss();
                return CacheReadResult.Miss;
            }

            Partition.Store.Put(key, loaded);
            Partition.Store.EvictWhileOverBudget(key);
            return Hit(key, loaded, Partition.NowMs);
        }
        finally
        {
            Partition.Lanes.Leave(key);
        }
    }

    public override async ValueTask<CacheWriteResult> SetAsync(string key, CacheSetRequest request)
    {
        await Partition.Lanes.EnterAsync(key);
        try
        {
            var known = Partition.Store.TryGet(key, Partition.NowMs, out var current);

            // An unconditional write needs no read-back: Redis says in the same call whether it replaced a live entry.
            var probe = !known && request.Condition == CacheWriteCondition.None;
            if (!known && !probe)
            {
                if (await redisSide.LoadAsync(key) is not { } loaded)
                {
                    return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
                }

                (known, current) = (loaded.Buffer is not null, loaded);
            }

            if (await Partition.NextVersionAsync() is not { } version)
            {
                return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
            }

            var now = Partition.NowMs;
            var exists = known && !current.IsExpired(now);
            if (CacheDecisions.SetRefusal(request, exists, current) is { } refusal)
            {
                return refusal;
            }

            var entry = CacheDecisions.NewEntry(request, version, now);
            var (outcome, existed) = redisSide.TrySend(key, entry, probe) is { } group
                ? redisSide.Finish(key, entry, group, await group.Task)
                : await redisSide.SendAsync(key, entry, probe);
            return outcome switch
            {
                CacheWriteOutcome.Applied => CacheDecisions.Written(exists || existed, entry),
                CacheWriteOutcome.Unknown => new CacheWriteResult { Status = CacheWriteStatus.OutcomeUnknown },
                _ => new CacheWriteResult { Status = CacheWriteStatus.Unavailable },
            };
        }
        finally
        {
            Partition.Lanes.Leave(key);
        }
    }

    public override async ValueTask<CacheDeleteResult> DeleteAsync(string key, long? expectedVersion)
    {
        await Partition.Lanes.EnterAsync(key);
        try
        {
            var known = Partition.Store.TryGet(key, Partition.NowMs, out var current);

            // A delete without a condition asks Redis whether there was a live entry instead of reading it back first.
            var probe = !known && expectedVersion is null;
            if (!known && !probe)
            {
                if (await redisSide.LoadAsync(key) is not { } loaded)
                {
                    return new CacheDeleteResult { Status = CacheDeleteStatus.Unavailable };
                }

                (known, current) = (loaded.Buffer is not null, loaded);
            }

            if (!probe && CacheDecisions.DeleteRefusal(expectedVersion, known && !current.IsExpired(Partition.NowMs), current) is { } refusal)
            {
                return refusal;
            }

            var (outcome, existed) = redisSide.TrySend(key, default, probe) is { } group
                ? redisSide.Finish(key, default, group, await group.Task)
                : await redisSide.SendAsync(key, default, probe);
            return outcome switch
            {
                CacheWriteOutcome.Applied => new CacheDeleteResult { Status = known || existed ? CacheDeleteStatus.Deleted : CacheDeleteStatus.NotFound },
                CacheWriteOutcome.Unknown => new CacheDeleteResult { Status = CacheDeleteStatus.OutcomeUnknown },
                _ => new CacheDeleteResult { Status = CacheDeleteStatus.Unavailable },
            };
        }
        finally
        {
            Partition.Lanes.Leave(key);
        }
    }

    public override ValueTask<CacheIncrementResult> IncrementAsync(string key, long delta, string? recordId) =>
        new(_increments.IncrementAsync(key, delta, recordId));

    public override async ValueTask<CacheBatchResult> ExecuteAsync(CacheBatch batch)
    {
        var keys = batch.Operations.Select(o => o.Key).Concat(batch.Watches.Select(w => w.Key)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        await Partition.Lanes.EnterAllAsync(keys);
        try
        {
            // Every key in memory or read back, and every version reserved, checked again after each wait (interleaved turns
            // may evict entries and take versions); then the batch runs with no wait in between.
            var loaded = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);
            while (true)
            {
                if (Partition.Versions.Available < batch.Operations.Length)
                {
                    if (!await Partition.ReserveForAsync(batch.Operations.Length))
                    {
                        return Refused;
                    }

                    continue;
                }

                var missing = keys.Find(k => !loaded.ContainsKey(k) && !Partition.Store.TryGet(k, Partition.NowMs, out _));
                if (missing is null)
                {
                    break;
                }

                if (await redisSide.LoadAsync(missing) is not { } entry)
                {
                    return Refused;
                }

                loaded[missing] = entry;
            }

            var (result, run) = Run(batch, loaded);
            foreach (var (key, entry) in loaded)
            {
                if (entry.Buffer is not null && !run.Changes.ContainsKey(key))
                {
                    Partition.Store.Put(key, entry);
                }
            }

            return result.Status == CacheBatchStatus.Executed && run.Changes.Count > 0 ? await redisSide.CommitAsync(run.Changes, result) : result;
        }
        finally
        {
            foreach (var key in keys)
            {
                Partition.Lanes.Leave(key);
            }
        }
    }

    /// <summary>
    /// An access to a live entry. A sliding entry's new deadline reaches Redis only once it moved by a quarter window since
    /// the last push (fire and forget, fenced like every write: a lost push only shortens the Redis copy's life); never while
    /// the key's write is in flight, which replaces the entry anyway.
    /// </summary>
    public override void Touch(string key, CacheEntry entry, long nowMs)
    {
        entry.LastTouchMs = nowMs;
        var sliding = entry.SlidingMs;
        if (sliding != 0 && nowMs + sliding - entry.PushedDeadlineMs >= sliding / 4 && ownership.State == CacheOwnershipState.Owning
            && !Partition.Lanes.IsHeld(key))
        {
            redisSide.Push(key, entry, nowMs);
        }
    }

    /// <summary>Whether memory may serve reads, confirming a lapsed lease first.</summary>
    private async ValueTask<bool> LeasedAsync() => ownership.IsLeased || (await ownership.RenewAsync() && ownership.IsLeased);
}
