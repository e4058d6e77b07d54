using System.Diagnostics;
using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>Stops redis-server for a while: its own cluster (a class fixture is per class), so no other test sees the outage.</summary>
public sealed class CacheRedisOutageTests(CacheProcessCluster cluster) : IClassFixture<CacheProcessCluster>
{
    [Fact]
    public async Task A_write_sent_while_redis_is_stopped_is_outcome_unknown_and_the_next_one_is_refused_until_it_is_settled()
    {
        var key = $"unknown-outcome-{Guid.NewGuid():N}";
        var grain = cluster.GrainFor(key);
        var others = (await grain.GetStats()).Entries; // other tests' keys may share the partition
        await grain.Set(key, new CacheSetRequest { Value = "old"u8.ToArray() });
        Assert.Equal(others + 1, (await grain.GetStats()).Entries);

        // This client waits longer than the silo's Redis timeout (5 s), so the partition's own answer arrives.
        using var patient = await cluster.StartClientAsync(TimeSpan.FromSeconds(30));
        var patientGrain = patient.Services.GetRequiredService<IClusterClient>().GetGrain<ICacheGrain>(grain.GetPrimaryKeyLong());

        // Redis stops answering: the next write reaches its socket, then times out in the silo. It may have landed.
        cluster.Redis.Pause();
        try
        {
            Assert.Equal(CacheWriteStatus.OutcomeUnknown, (await patientGrain.Set(key, new CacheSetRequest { Value = "new"u8.ToArray() })).Status);
            Assert.Equal(others, (await grain.GetStats()).Entries);

            // The partition sends nothing more until a new epoch settles that write, and Redis cannot give one: the next
            // write is refused unsent, so nothing changed.
            Assert.Equal(CacheWriteStatus.Unavailable, (await patientGrain.Set(key, new CacheSetRequest { Value = "refused"u8.ToArray() })).Status);
        }
        finally
        {
            cluster.Redis.Resume();
        }

        // The first write was on the wire: Redis applies it once it runs again, and reads follow Redis, not the old memory
        // copy. The refused one never lands.
        await Poll.UntilAsync(async () => (await cluster.StoredAsync(key))?.Text == "new",
            TimeSpan.FromSeconds(30), "Redis to apply the write it received before it stopped");
        await Poll.UntilAsync(async () => (await grain.Get(key)) is { Status: CacheReadStatus.Hit } read && Encoding.UTF8.GetString(read.Value!) == "new",
            TimeSpan.FromSeconds(30), "the partition to read back what Redis kept");
        Assert.Equal("new", (await cluster.StoredAsync(key))?.Text);
    }

    [Fact]
    public async Task Once_its_lease_lapsed_unconfirmed_a_partition_refuses_reads_of_what_its_memory_holds()
    {
        var key = $"lease-lapse-{Guid.NewGuid():N}";
        var grain = cluster.GrainFor(key);
        await grain.Set(key, new CacheSetRequest { Value = "held"u8.ToArray() });
        Assert.Equal(CacheReadStatus.Hit, (await grain.Get(key)).Status);

        // Redis stops answering, so the partition cannot confirm that it still owns its keys; its last confirmation was sent
        // before this moment, so a read sent a lease (2 s by default) later may no longer be answered from memory: another
        // activation may own the key by then.
        var lease = TimeSpan.FromSeconds(2);
        cluster.Redis.Pause();
        var paused = Stopwatch.StartNew();
        var late = new List<string>();
        CacheReadResult read;
        try
        {
            do
            {
                var sent = paused.Elapsed;
                read = await grain.Get(key);
                if (read.Status == CacheReadStatus.Hit && sent > lease)
                {
                    late.Add($"a hit for a read sent {sent.TotalMilliseconds:0} ms after Redis stopped");
                }
            }
            while (read.Status == CacheReadStatus.Hit && paused.Elapsed < TimeSpan.FromSeconds(20));
        }
        finally
        {
            cluster.Redis.Resume();
        }

        Assert.Empty(late);
        Assert.Equal(CacheReadStatus.Unavailable, read.Status);

        // Once Redis answers again the partition confirms its ownership and serves its memory again.
        await Poll.UntilAsync(async () => (await grain.Get(key)).Status == CacheReadStatus.Hit, TimeSpan.FromSeconds(30),
            "the partition to confirm its ownership and serve the key again");
    }
}
