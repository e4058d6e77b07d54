using GrainSystem.Abstractions.Caching;
using GrainSystem.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>Two silos on Redis with write-through, 16 partitions and a 1 MiB cache budget per silo (so eviction is easy to reach).</summary>
public class CacheProcessCluster : ProcessCluster
{
    public const int PartitionCount = 16;

    public CacheProcessCluster()
    {
        Settings["Cache__Partitions"] = PartitionCount.ToString();
        Settings["Cache__MaxMemoryMB"] = "1";
    }

    /// <summary>The partition grain that owns <paramref name="key"/>.</summary>
    public ICacheGrain GrainFor(string key) => Client.GetGrain<ICacheGrain>(CachePartitioner.PartitionOf(key, PartitionCount));

    /// <summary>
    /// A second client of the cluster whose grain calls wait up to <paramref name="responseTimeout"/>: longer than a silo's
    /// Redis timeout, so a test sees the answer a partition gives when Redis stops answering, not its own call timing out.
    /// </summary>
    public async Task<IHost> StartClientAsync(TimeSpan responseTimeout)
    {
        var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        host.UseOrleansClient(client =>
        {
            client.UseRedisClustering(Redis.ConnectionString + ",abortConnect=false");
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
        });
        var started = host.Build();
        await started.StartAsync();
        return started;
    }

    public string RedisKeyOf(string key) => $"{ServiceId}:cache:{key}";

    /// <summary>The entry Redis holds for <paramref name="key"/>, or null.</summary>
    public Task<StoredEntry?> StoredAsync(string key) => StoredEntry.ReadAsync(Redis.Database, RedisKeyOf(key));

    /// <summary>Plants <paramref name="entry"/> in Redis at <paramref name="key"/>, as another activation of its partition would write it.</summary>
    public Task PlantAsync(string key, StoredEntry entry) => Redis.Database.StringSetAsync(RedisKeyOf(key), entry.Encode());

    /// <summary>
    /// Takes the partition of <paramref name="key"/> away from its activation, as a new activation elsewhere would: a new
    /// epoch in Redis. With <paramref name="leaseWaitedOut"/> its lease marker is gone too (the successor waited it out).
    /// </summary>
    public async Task SupersedeAsync(string key, bool leaseWaitedOut = false)
    {
        var partition = CachePartitioner.PartitionOf(key, PartitionCount);
        await Redis.Database.StringIncrementAsync($"{ServiceId}:cache-meta:epoch:{partition}");
        if (leaseWaitedOut)
        {
            await Redis.Database.KeyDeleteAsync($"{ServiceId}:cache-meta:lease:{partition}");
        }
    }
}

/// <summary>
/// The same cluster with a 30 s ownership lease, so an activation confirms its ownership only every 10 s: a test that takes a
/// partition away in Redis reaches the old activation well before it could notice by itself.
/// </summary>
public sealed class CacheLongLeaseCluster : CacheProcessCluster
{
    public CacheLongLeaseCluster() => Settings["Cache__OwnershipLease"] = "00:00:30";
}
