using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The Redis side of write-through, shared by the silo's partitions: each cache key one string
/// <c>{serviceId}:cache:{key}</c> (<see cref="CacheEntry.Stored"/>) with Redis's own expiry, written in fenced groups
/// (<see cref="CacheWriteBatcher"/>); and each partition's epoch and lease marker (<see cref="CacheScripts"/>).
/// Enabled when <c>Cache:WriteThrough</c> resolves to true (the default with Redis).
/// </summary>
public sealed class CacheRedisStore
{
    private readonly IConnectionMultiplexer? _redis;
    private readonly string _prefix;
    private readonly string _meta;
    private readonly RedisKey[] _epochKeys;
    private readonly RedisKey[] _leaseKeys;

    public CacheRedisStore(IServiceProvider services, IOptions<CacheOptions> options, IOptions<ClusterOptions> cluster, TimeProvider time)
    {
        _prefix = cluster.Value.ServiceId + ":cache:";
        _meta = cluster.Value.ServiceId + ":cache-meta:";
        var partitions = options.Value.Partitions;
        _epochKeys = [.. Enumerable.Range(0, partitions).Select(p => (RedisKey)$"{_meta}epoch:{p}")];
        _leaseKeys = [.. Enumerable.Range(0, partitions).Select(p => (RedisKey)$"{_meta}lease:{p}")];
        if (options.Value.WriteThrough == true)
        {
            _redis = services.GetRequiredService<IConnectionMultiplexer>();
        }

        Writes = new CacheWriteBatcher(() => Database, p => _epochKeys[p], time);
    }

    public bool Enabled => _redis is not null;

    internal CacheWriteBatcher Writes { get; }

    private IDatabase Database => _redis!.GetDatabase();

    public RedisKey KeyOf(string key) => _prefix + key;

    /// <summary>Where the idempotency record of <paramref name="name"/> (already scoped and hashed) is kept.</summary>
    internal RedisKey RecordKeyOf(string name) => _meta + "idempotency:" + name;

    /// <summary>
    /// The bytes Redis holds at <paramref name="key"/> and, for an entry with a sliding window, Redis's expiry (Unix ms, else 0);
    /// null when the key is absent.
    /// </summary>
    internal async Task<(byte[] Stored, long ExpireTimeMs)?> ReadAsync(RedisKey key)
    {
        var result = await Database.ScriptEvaluateAsync(CacheScripts.Read, [key]);
        if (result.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        return ((byte[])fields[0]!, fields.Length > 1 ? (long)fields[1] : 0);
    }

    /// <summary>The bytes of an idempotency record, or null when absent.</summary>
    internal async Task<byte[]?> ReadRecordAsync(RedisKey key) => (byte[]?)await Database.StringGetAsync(key);

    /// <summary>A new epoch for <paramref name="partition"/>, and how long its predecessor may still serve reads (ms; ≤ 0 none).</summary>
    internal async Task<(long Epoch, long PredecessorLeaseMs)> AcquireAsync(int partition)
    {
        var reply = (RedisResult[])(await Database.ScriptEvaluateAsync(CacheScripts.Acquire, [_epochKeys[partition], _leaseKeys[partition]]))!;
        return ((long)reply[0], (long)reply[1]);
    }

    /// <summary>Confirms <paramref name="epoch"/> is still the partition's and extends its lease marker; false when superseded.</summary>
    internal async Task<bool> RenewAsync(int partition, long epoch, long markerMs) =>
        (long)await Database.ScriptEvaluateAsync(CacheScripts.Renew, [_epochKeys[partition], _leaseKeys[partition]], [epoch, markerMs]) == 1;

    /// <summary>A new epoch in place of <paramref name="epoch"/>; 0 when the partition is no longer this epoch's.</summary>
    internal async Task<long> RefenceAsync(int partition, long epoch) =>
        (long)await Database.ScriptEvaluateAsync(CacheScripts.Refence, [_epochKeys[partition]], [epoch]);

    /// <summary>Ends the lease marker when <paramref name="epoch"/> still owns the partition.</summary>
    internal Task ReleaseAsync(int partition, long epoch) =>
        Database.ScriptEvaluateAsync(CacheScripts.Release, [_epochKeys[partition], _leaseKeys[partition]], [epoch]);
}
