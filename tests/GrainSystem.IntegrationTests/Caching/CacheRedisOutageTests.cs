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
}
