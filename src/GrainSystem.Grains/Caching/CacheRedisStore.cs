using System.Collections.Concurrent;
using System.Globalization;
using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The Redis side of write-through: one hash per key (<c>{serviceId}:cache:{key}</c>) with Redis's own
/// <c>PEXPIREAT</c>. Enabled when <c>Cache:WriteThrough</c> resolves to true (the default with Redis).
/// </summary>
public sealed class CacheRedisStore
{
    private const int MaxBatch = 256;

    // A batch is also capped by its bytes, so one script call never carries 256 large values at once.
    private const long MaxBatchBytes = 1024 * 1024;

    private const int ArgumentsPerWrite = 9;

    // Two batches in flight: one gathers while the other is on the wire, and the network wait of one hides behind the other.
    private const int MaxFlushers = 2;

    private readonly IConnectionMultiplexer? _redis;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private readonly ConcurrentQueue<PendingWrite> _writes = new();
    private int _flushers;

    public CacheRedisStore(IServiceProvider services, IOptions<CacheOptions> options, IOptions<ClusterOptions> cluster, TimeProvider time)
    {
        _time = time;
        _prefix = cluster.Value.ServiceId + ":cache:";
        if (options.Value.WriteThrough == true)
        {
            _redis = services.GetRequiredService<IConnectionMultiplexer>();
        }
    }

    public bool Enabled => _redis is not null;

    private IDatabase Database => _redis!.GetDatabase();

    public RedisKey KeyOf(string key) => _prefix + key;

    /// <summary>
    /// A write, sent with the other writes waiting at that moment in one script call (group commit): while
    /// batches are in flight the next one gathers, so Redis runs one script per batch instead of one per write.
    /// A key has at most one write in flight (the grain's lane), so batching never reorders a key's writes.
    /// </summary>
    internal Task<RedisCacheReply> SetAsync(string key, ReadOnlyMemory<byte> value, string contentType, long version,
        uint slidingMs, long absoluteMs, CacheWriteCondition condition, long expected, long expireAtMs, long knownVersion)
    {
        var write = new PendingWrite(KeyOf(key),
            [value, contentType, version, slidingMs, absoluteMs, (int)condition, expected, expireAtMs, knownVersion], value.Length);
        _writes.Enqueue(write);
        if (Interlocked.Increment(ref _flushers) <= MaxFlushers)
        {
            // Off the calling grain's scheduler: flushers serve the whole silo.
            _ = Task.Run(FlushAsync);
        }
        else
        {
            // Every flusher busy: each re-checks the queue after it stops counting itself, so one takes this write.
            Interlocked.Decrement(ref _flushers);
        }

        return write.Reply.Task;
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            var batch = new List<PendingWrite>();
            var bytes = 0L;
            while (batch.Count < MaxBatch && bytes < MaxBatchBytes && _writes.TryDequeue(out var write))
            {
                batch.Add(write);
                bytes += write.Bytes;
            }

            if (batch.Count > 0)
            {
                await SendAsync(batch).ConfigureAwait(false);
                continue;
            }

            Interlocked.Decrement(ref _flushers);
            if (_writes.IsEmpty)
            {
                return;
            }

            if (Interlocked.Increment(ref _flushers) > MaxFlushers)
            {
                Interlocked.Decrement(ref _flushers);
                return;
            }
        }
    }

    private async Task SendAsync(List<PendingWrite> batch)
    {
        try
        {
            var keys = new RedisKey[batch.Count];
            var values = new RedisValue[batch.Count * ArgumentsPerWrite + 1];
            for (var i = 0; i < batch.Count; i++)
            {
                keys[i] = batch[i].Key;
                batch[i].Arguments.CopyTo(values, i * ArgumentsPerWrite);
            }

            values[^1] = NowMs;

            var replies = (RedisResult[])(await Database.ScriptEvaluateAsync(CacheScripts.Set, keys, values).ConfigureAwait(false))!;
            for (var i = 0; i < batch.Count; i++)
            {
                var reply = (RedisResult[])replies[i]!;
                var code = (int)reply[0];
                batch[i].Reply.TrySetResult(code == RedisCacheReply.Applied
                    ? new RedisCacheReply(code, 0, Existed: (long)reply[1] == 1)
                    : new RedisCacheReply(code, (long)reply[1]));
            }
        }
        catch (Exception ex)
        {
            foreach (var write in batch)
            {
                write.Reply.TrySetException(ex);
            }
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed record PendingWrite(RedisKey Key, RedisValue[] Arguments, long Bytes)
    {
        // No RunContinuationsAsynchronously: the awaiting grain code resumes on its activation's scheduler
        // anyway, so completing from the flusher only queues it there (one thread-pool hop less per write).
        public TaskCompletionSource<RedisCacheReply> Reply { get; } = new();
    }

    internal async Task<RedisCacheReply> DeleteAsync(string key, long? expected, long knownVersion)
    {
        var reply = (RedisResult[])(await Database.ScriptEvaluateAsync(CacheScripts.Delete, [KeyOf(key)],
            [expected is null ? 0 : 1, expected ?? 0, knownVersion, NowMs, CacheScripts.TombstoneMs]))!;
        return new RedisCacheReply((int)reply[0], (long)reply[1]);
    }

    internal async Task<RedisCacheReply> IncrementAsync(string key, long delta, long version, long knownVersion)
    {
        var reply = (RedisResult[])(await Database.ScriptEvaluateAsync(CacheScripts.Increment, [KeyOf(key)], [delta, version, knownVersion, NowMs]))!;
        var code = (int)reply[0];
        if (code != RedisCacheReply.Applied)
        {
            return new RedisCacheReply(code, (long)reply[1]);
        }

        var value = (string)reply[1]!;
        var entry = new RedisCacheEntry(System.Text.Encoding.ASCII.GetBytes(value), (string)reply[2]!, version,
            uint.Parse((string)reply[3]!, CultureInfo.InvariantCulture), long.Parse((string)reply[4]!, CultureInfo.InvariantCulture), (long)reply[5]);
        return new RedisCacheReply(code, version, Value: long.Parse(value, CultureInfo.InvariantCulture), Entry: entry);
    }

    internal async Task<RedisCacheEntry?> ReadAsync(string key)
    {
        var result = await Database.ScriptEvaluateAsync(CacheScripts.Read, [KeyOf(key)], [NowMs]);
        if (result.IsNull)
        {
            return null;
        }

        var f = (RedisResult[])result!;
        return new RedisCacheEntry((byte[])f[0]!, (string?)f[1] ?? ContentTypes.Default, (long)f[2],
            f[3].IsNull ? 0 : (uint)(long)f[3], f[4].IsNull ? 0 : (long)f[4], (long)f[5]);
    }

    /// <summary>Moves a sliding entry's Redis expiry; fire-and-forget (a lost push only shortens the Redis copy's life).</summary>
    internal void Touch(string key, long version, long expireAtMs) =>
        Database.ScriptEvaluate(CacheScripts.Touch, [KeyOf(key)], [version, expireAtMs], CommandFlags.FireAndForget);
}
