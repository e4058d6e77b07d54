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

    private const int ArgumentsPerWrite = 4;

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
        // The common write (no expiry, no condition, a new key) sends no options for the script to parse.
        var options = slidingMs == 0 && absoluteMs == 0 && condition == CacheWriteCondition.None && expireAtMs == 0 && knownVersion == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"{slidingMs} {absoluteMs} {(int)condition} {expected} {expireAtMs} {knownVersion}");
        var write = new PendingWrite(KeyOf(key), value, contentType == ContentTypes.Default ? string.Empty : contentType, version, options);
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

        return write.Task;
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
                bytes += write.Value.Length;
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
                var write = batch[i];
                keys[i] = write.Key;
                var at = i * ArgumentsPerWrite;
                values[at] = write.Value;
                values[at + 1] = write.ContentType;
                values[at + 2] = write.Version;
                values[at + 3] = write.Options;
            }

            values[^1] = NowMs;

            // One string of "code version-or-existed" pairs: a single object to read instead of two per write.
            var reply = (byte[])(await Database.ScriptEvaluateAsync(CacheScripts.Set, keys, values).ConfigureAwait(false))!;
            var words = new SetReplyReader(reply);
            foreach (var write in batch)
            {
                var code = (int)words.Next();
                var number = words.Next();
                write.TrySetResult(code == RedisCacheReply.Applied
                    ? new RedisCacheReply(code, 0, Existed: number == 1)
                    : new RedisCacheReply(code, number));
            }
        }
        catch (Exception ex)
        {
            foreach (var write in batch)
            {
                write.TrySetException(ex);
            }
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// A write waiting for its batch, and the reply it gets. No RunContinuationsAsynchronously: the awaiting grain
    /// code resumes on its activation's scheduler anyway, so completing from the flusher only queues it there
    /// (one thread-pool hop less per write).
    /// </summary>
    private sealed class PendingWrite(RedisKey key, ReadOnlyMemory<byte> value, string contentType, long version, string options)
        : TaskCompletionSource<RedisCacheReply>
    {
        public RedisKey Key { get; } = key;

        public ReadOnlyMemory<byte> Value { get; } = value;

        public string ContentType { get; } = contentType;

        public long Version { get; } = version;

        public string Options { get; } = options;
    }

    /// <summary>Reads the space-separated integers of the write script's reply.</summary>
    private ref struct SetReplyReader(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;

        public long Next()
        {
            var end = _rest.IndexOf((byte)' ');
            var word = end < 0 ? _rest : _rest[..end];
            if (!System.Buffers.Text.Utf8Parser.TryParse(word, out long number, out var consumed) || consumed != word.Length)
            {
                throw new RedisException("The cache write script replied with an unexpected word.");
            }

            _rest = end < 0 ? default : _rest[(end + 1)..];
            return number;
        }
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
