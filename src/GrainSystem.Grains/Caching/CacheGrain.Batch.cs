using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

// Batches: every operation decided in one synchronous turn against the entries (read back from Redis first with
// write-through), then the changes applied together.
public sealed partial class CacheGrain
{
    private static readonly CacheBatchResult Refused = new() { Status = CacheBatchStatus.Unavailable };

    public ValueTask<CacheBatchResult> Execute(CacheBatch batch)
    {
        _checks.Batch(batch, _partition);
        return redis.Enabled ? new(ExecuteThroughAsync(batch)) : ExecuteInMemoryAsync(batch);
    }

    public ValueTask<long> Count()
    {
        _store.PurgeExpired(NowMs, int.MaxValue);
        return new(_store.Count);
    }

    private async ValueTask<CacheBatchResult> ExecuteInMemoryAsync(CacheBatch batch)
    {
        if (!await ReserveForAsync(batch.Operations.Length))
        {
            return Refused;
        }

        var (result, run) = Run(batch);
        if (result.Status == CacheBatchStatus.Executed)
        {
            foreach (var (key, entry) in run.Changes)
            {
                Apply(key, entry);
            }
        }

        return result;
    }

    private async Task<CacheBatchResult> ExecuteThroughAsync(CacheBatch batch)
    {
        var keys = batch.Operations.Select(o => o.Key).Concat(batch.Watches.Select(w => w.Key)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();

        // Lanes in one order for every batch, so two batches never wait for each other's lanes.
        foreach (var key in keys)
        {
            await _lanes.EnterAsync(key);
        }

        try
        {
            // Every key in memory or read back, and every version reserved, checked again after each wait, for interleaved
            // turns may evict entries and take versions; then the batch runs with no wait in between.
            var loaded = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);
            while (true)
            {
                if (_versions.Available < batch.Operations.Length)
                {
                    if (!await ReserveForAsync(batch.Operations.Length))
                    {
                        return Refused;
                    }

                    continue;
                }

                var missing = keys.Find(k => !loaded.ContainsKey(k) && !_store.TryGet(k, NowMs, out _));
                if (missing is null)
                {
                    break;
                }

                if (await LoadAsync(missing) is not { } entry)
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
                    _store.Put(key, entry);
                }
            }

            return result.Status == CacheBatchStatus.Executed && run.Changes.Count > 0 ? await WriteChangesAsync(run, result) : result;
        }
        finally
        {
            foreach (var key in keys)
            {
                _lanes.Leave(key);
            }
        }
    }

    /// <summary>Sends a batch's changes to Redis key by key, applying each in memory once Redis stored it.</summary>
    private async Task<CacheBatchResult> WriteChangesAsync(CacheBatchRun run, CacheBatchResult result)
    {
        var sent = false;
        foreach (var (key, entry) in run.Changes)
        {
            var now = NowMs;
            try
            {
                var reply = entry.Buffer is null
                    ? await redis.DeleteAsync(key, null, KnownVersion(key, now))
                    : await redis.SetAsync(key, entry.Value.ToArray(), entry.ContentType, entry.Version, entry.SlidingMs, entry.AbsoluteMs,
                        CacheWriteCondition.None, 0, RedisExpireAt(entry, now), KnownVersion(key, now));
                sent = true;
                if (reply.Code is not (RedisCacheReply.Applied or RedisCacheReply.AbsentOrNotInteger))
                {
                    return Unsettled(run, sent);
                }
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                LogRedisFailure(logger, _partition, ex.GetType().Name, ex.Message);
                return Unsettled(run, sent || MayHaveLanded(ex));
            }

            Apply(key, entry);
        }

        return result;
    }

    private CacheBatchResult Unsettled(CacheBatchRun run, bool mayHaveLanded)
    {
        foreach (var key in run.Changes.Keys)
        {
            _store.Remove(key);
        }

        return mayHaveLanded ? new CacheBatchResult { Status = CacheBatchStatus.OutcomeUnknown } : Refused;
    }

    /// <summary>Runs the batch in this turn: the watches first, then every operation in order.</summary>
    private (CacheBatchResult Result, CacheBatchRun Run) Run(CacheBatch batch, IReadOnlyDictionary<string, CacheEntry>? loaded = null)
    {
        var now = NowMs;
        var run = new CacheBatchRun(_store, _versions, now, _options.MaxValueBytes, (key, entry) => Touch(key, entry, now), loaded);
        if (!run.WatchesHold(batch.Watches))
        {
            return (new CacheBatchResult { Status = CacheBatchStatus.Aborted }, run);
        }

        var results = new CacheOperationResult[batch.Operations.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = run.Run(batch.Operations[i]);
        }

        return (new CacheBatchResult { Status = CacheBatchStatus.Executed, Results = results }, run);
    }

    private void Apply(string key, CacheEntry entry)
    {
        if (entry.Buffer is null)
        {
            _store.Remove(key);
        }
        else
        {
            Store(key, entry);
        }
    }

    /// <summary>Waits until the version block holds <paramref name="count"/> versions; false when grain storage failed (logged).</summary>
    private async ValueTask<bool> ReserveForAsync(int count)
    {
        // Interleaved turns may take versions while this one waits: checked again on every resumption.
        while (_versions.Available < count)
        {
            try
            {
                await _versions.EnsureAvailableAsync(count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReservationFailure(logger, _partition, ex.GetType().Name, ex.Message);
                return false;
            }
        }

        return true;
    }
}
