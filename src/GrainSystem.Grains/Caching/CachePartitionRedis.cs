using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// One write-through partition's side of Redis: reading its entries back, and sending its changes in groups fenced by its
/// epoch, updating its <see cref="CacheOwnership"/> from what became of them. Used only on the activation's turns.
/// </summary>
internal sealed partial class CachePartitionRedis(CachePartition partition, CacheRedisStore redis, CacheOwnership ownership)
{
    /// <summary>The write that stores <paramref name="entry"/> at <paramref name="key"/>, or deletes it for a null buffer or an entry already expired.</summary>
    public CacheStoredWrite WriteOf(string key, CacheEntry entry, bool probe)
    {
        var now = partition.NowMs;
        return entry.Buffer is null || entry.IsExpired(now)
            ? CacheStoredWrite.Delete(redis.KeyOf(key), probe)
            : CacheStoredWrite.Set(redis.KeyOf(key), entry, RedisExpireAt(entry, now), probe);
    }

    /// <summary>
    /// Sends writes that land together, fenced by this activation's epoch, and updates the ownership from the outcome:
    /// <see cref="CacheWriteOutcome.Refused"/> without a group when the activation may not write now (it was superseded,
    /// or an unsettled batch could not be settled).
    /// </summary>
    public async Task<(CacheWriteOutcome Outcome, CacheWriteGroup? Group)> SendAsync(CacheStoredWrite[] writes)
    {
        if (!await ownership.ReadyForWritesAsync())
        {
            return (CacheWriteOutcome.Refused, null);
        }

        var group = new CacheWriteGroup(partition.Number, ownership.Epoch, writes);
        return (Observe(group, await redis.Writes.SendAsync(group)), group);
    }

    /// <summary>
    /// Queues one key's change (see <see cref="SendAsync(string, CacheEntry, bool)"/>) without waiting when the activation may
    /// write at once, the common case; null when it must settle an earlier batch first. The caller awaits the group's task and
    /// hands its outcome to <see cref="Finish"/>: one await on the write path instead of a chain of them.
    /// </summary>
    public CacheWriteGroup? TrySend(string key, CacheEntry entry, bool probe)
    {
        if (ownership.State != CacheOwnershipState.Owning)
        {
            return null;
        }

        var group = new CacheWriteGroup(partition.Number, ownership.Epoch, [WriteOf(key, entry, probe)]);
        _ = redis.Writes.SendAsync(group);
        return group;
    }

    /// <summary>Applies the <paramref name="outcome"/> of a change queued by <see cref="TrySend"/>, as <see cref="SendAsync(string, CacheEntry, bool)"/> does.</summary>
    public (CacheWriteOutcome Outcome, bool Existed) Finish(string key, CacheEntry entry, CacheWriteGroup group, CacheWriteOutcome outcome)
    {
        Settle(key, entry, Observe(group, outcome));
        return (outcome, group.ExistedBefore(0));
    }

    /// <summary>Updates the ownership from what became of <paramref name="group"/>, and logs a failure.</summary>
    private CacheWriteOutcome Observe(CacheWriteGroup group, CacheWriteOutcome outcome)
    {
        switch (outcome)
        {
            case CacheWriteOutcome.Fenced:
                ownership.Fenced(group.Epoch);
                break;
            case CacheWriteOutcome.Refused:
                LogRefused(partition.Logger, partition.Number);
                break;
            case CacheWriteOutcome.Unknown:
                LogUnknown(partition.Logger, partition.Number);
                ownership.Unsettle();
                break;
        }

        return outcome;
    }

    /// <summary>The key's entry from memory or read back from Redis (a null buffer when absent), or null when Redis failed.</summary>
    public async ValueTask<CacheEntry?> CurrentAsync(string key) =>
        partition.Store.TryGet(key, partition.NowMs, out var cached) ? cached : await LoadAsync(key);

    /// <summary>Sends a batch's changes as one group, which lands whole or not at all, and applies them once Redis stored them.</summary>
    public async Task<CacheBatchResult> CommitAsync(IReadOnlyDictionary<string, CacheEntry> changes, CacheBatchResult result)
    {
        var writes = changes.Select(c => WriteOf(c.Key, c.Value, probe: false)).ToArray();
        var (outcome, _) = await SendAsync(writes);

        // All at once for co-hosted reads too, as for the partition's own turns.
        using (partition.Store.Hold())
        {
            foreach (var (key, entry) in changes)
            {
                Settle(key, entry, outcome);
            }
        }

        return outcome switch
        {
            CacheWriteOutcome.Applied => result,
            CacheWriteOutcome.Unknown => new CacheBatchResult { Status = CacheBatchStatus.OutcomeUnknown },
            _ => new CacheBatchResult { Status = CacheBatchStatus.Unavailable },
        };
    }

    /// <summary>
    /// Sends one key's change (an entry, or a deletion for a null buffer or an entry already expired) and applies it to memory
    /// once Redis stored it; after an unknown outcome the key leaves memory, so the next read asks Redis. Also answers whether
    /// a live entry was there before, when <paramref name="probe"/> asked Redis.
    /// </summary>
    public async Task<(CacheWriteOutcome Outcome, bool Existed)> SendAsync(string key, CacheEntry entry, bool probe)
    {
        var (outcome, group) = await SendAsync([WriteOf(key, entry, probe)]);
        Settle(key, entry, outcome);
        return (outcome, group?.ExistedBefore(0) ?? false);
    }

    /// <summary>
    /// Sends increments of one key as one group (all land or none): the counter's last entry, when one applied, and the
    /// idempotency records made; applies them to memory once Redis stored them.
    /// </summary>
    public async Task<CacheWriteOutcome> SendIncrementsAsync(string key, CacheEntry? counter, List<(string Id, CacheIncrementRecord Record)> records)
    {
        var writes = new List<CacheStoredWrite>(records.Count + 1);
        if (counter is { } entry)
        {
            writes.Add(WriteOf(key, entry, probe: false));
        }

        writes.AddRange(records.Select(r => CacheStoredWrite.Raw(redis.RecordKeyOf(r.Id), r.Record.Encode(), r.Record.ExpiresAtMs)));
        var (outcome, _) = await SendAsync([.. writes]);
        if (counter is { } changed)
        {
            Settle(key, changed, outcome);
        }

        if (outcome == CacheWriteOutcome.Applied)
        {
            records.ForEach(r => partition.Records.Put(r.Id, r.Record));
        }

        return outcome;
    }

    /// <summary>
    /// The live idempotency record <paramref name="recordId"/> from memory or Redis (null when none); Read is false when Redis
    /// failed (logged).
    /// </summary>
    public async Task<(bool Read, CacheIncrementRecord? Record)> RecordAsync(string recordId)
    {
        var now = partition.NowMs;
        if (partition.Records.TryGet(recordId, now, out var known))
        {
            return (true, known);
        }

        byte[]? stored;
        try
        {
            stored = await redis.ReadRecordAsync(redis.RecordKeyOf(recordId));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogReadFailed(partition.Logger, partition.Number, ex.GetType().Name, ex.Message);
            return (false, null);
        }

        if (stored is null || !CacheIncrementRecord.TryParse(stored, out var record) || record.ExpiresAtMs <= now)
        {
            return (true, null);
        }

        partition.Records.Put(recordId, record);
        return (true, record);
    }

    /// <summary>Memory after a key's change went to Redis: the change once stored; nothing of the key after an unknown outcome, so the next read asks Redis.</summary>
    private void Settle(string key, CacheEntry entry, CacheWriteOutcome outcome)
    {
        if (outcome == CacheWriteOutcome.Applied)
        {
            partition.Apply(key, entry.Buffer is null || entry.IsExpired(partition.NowMs) ? default : entry);
        }
        else if (outcome == CacheWriteOutcome.Unknown)
        {
            partition.Store.Remove(key);
        }
    }

    /// <summary>Pushes a sliding entry's new deadline to Redis (fire and forget: a lost push only shortens the Redis copy's life).</summary>
    public void Push(string key, CacheEntry entry, long nowMs)
    {
        var push = CacheStoredWrite.Touch(redis.KeyOf(key), RedisExpireAt(entry, nowMs));
        _ = redis.Writes.SendAsync(new CacheWriteGroup(partition.Number, ownership.Epoch, [push]));
    }

    /// <summary>The live entry Redis holds for <paramref name="key"/> (a null buffer when none), or null when Redis failed (logged).</summary>
    public async Task<CacheEntry?> LoadAsync(string key)
    {
        (byte[] Stored, long ExpireTimeMs)? found;
        try
        {
            found = await redis.ReadAsync(redis.KeyOf(key));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogReadFailed(partition.Logger, partition.Number, ex.GetType().Name, ex.Message);
            return null;
        }

        var now = partition.NowMs;
        if (found is not { } read)
        {
            return default(CacheEntry);
        }

        if (!CacheEntry.TryFromStored(read.Stored, now, out var entry))
        {
            LogForeignValue(partition.Logger, partition.Number);
            return null;
        }

        if (entry.SlidingMs != 0 && read.ExpireTimeMs > 0)
        {
            // Redis keeps a sliding entry half a window past its deadline (see RedisExpireAt).
            var deadline = entry.AbsoluteMs != 0 && read.ExpireTimeMs >= entry.AbsoluteMs ? entry.AbsoluteMs : read.ExpireTimeMs - entry.SlidingMs / 2;
            entry.LastTouchMs = Math.Min(now, deadline - entry.SlidingMs);
            entry.PushedDeadlineMs = deadline;
        }

        // Versions only grow, even past a version this partition's counter never handed out (its reservation was lost).
        if (entry.Version >= partition.Versions.Peek && !await partition.SkipPastAsync(entry.Version))
        {
            return null;
        }

        return entry.IsExpired(now) ? default(CacheEntry) : entry;
    }

    /// <summary>
    /// Redis's expiry for an entry: its absolute expiry, or for a sliding entry its deadline plus half a window, so that Redis
    /// never drops an entry memory still holds while pushes happen only when the deadline moved by a quarter window. Records
    /// the pushed deadline in the entry.
    /// </summary>
    private static long RedisExpireAt(CacheEntry entry, long nowMs)
    {
        var sliding = entry.SlidingMs;
        if (sliding == 0)
        {
            return entry.AbsoluteMs;
        }

        entry.PushedDeadlineMs = nowMs + sliding;
        var expireAt = nowMs + sliding + sliding / 2;
        return entry.AbsoluteMs == 0 ? expireAt : Math.Min(entry.AbsoluteMs, expireAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: reading Redis failed ({ExceptionType}: {Reason}); answering unavailable")]
    private static partial void LogReadFailed(ILogger logger, int partition, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: a key holds a value that is not a cache entry (written by something else); answering unavailable")]
    private static partial void LogForeignValue(ILogger logger, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: Redis refused a write batch (an error reply); nothing was written")]
    private static partial void LogRefused(ILogger logger, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: a write batch timed out or lost its connection; it may have landed, and no write is sent before a new epoch settles it")]
    private static partial void LogUnknown(ILogger logger, int partition);
}
