using System.Diagnostics;
using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>Stops redis-server for a while: its own cluster (a class fixture is per class), so no other test sees the outage.</summary>
public sealed class CacheRedisOutageTests(CacheProcessCluster cluster) : IClassFixture<CacheProcessCluster>
{
    [Fact]
    public async Task A_write_whose_outcome_is_unknown_drops_the_memory_copy_so_reads_follow_what_redis_kept()
    {
        var key = $"unknown-outcome-{Guid.NewGuid():N}";
        var grain = cluster.GrainFor(key);
        await grain.Set(key, new CacheSetRequest { Value = "old"u8.ToArray() });
        Assert.Equal(1, (await grain.GetStats()).Entries);

        // Redis stops answering: the next write reaches its socket, then times out in the silo.
        cluster.Redis.Pause();
        try
        {
            var write = grain.Set(key, new CacheSetRequest { Value = "new"u8.ToArray() });
            await Poll.UntilAsync(async () => (await grain.GetStats()).Entries == 0, TimeSpan.FromSeconds(30),
                "the partition to drop its memory copy after the write timed out");
            try
            {
                Assert.Equal(CacheWriteStatus.Unavailable, (await write).Status);
            }
            catch (TimeoutException)
            {
                // The grain call itself may time out first: either way the caller was not told "stored".
            }
        }
        finally
        {
            cluster.Redis.Resume();
        }

        // The write was on the wire: Redis applies it once it runs again, and reads follow Redis, not the old memory copy.
        await Poll.UntilAsync(async () => (await cluster.StoredAsync(key))?.Text == "new",
            TimeSpan.FromSeconds(30), "Redis to apply the write it received before it stopped");
        Assert.Equal("new", Encoding.UTF8.GetString((await grain.Get(key)).Value!));
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
