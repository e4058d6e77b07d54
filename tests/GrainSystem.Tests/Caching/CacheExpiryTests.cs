using GrainSystem.Abstractions.Caching;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Caching;

[Collection(CacheClusterCollection.Name)]
public sealed class CacheExpiryTests(CacheClusterFixture fixture)
{
    [Fact]
    public async Task Expired_entry_is_purged_without_any_read_and_its_memory_given_back()
    {
        var key = CacheTestKeys.Unique("ttl");
        var grain = fixture.GrainFor(key);
        var before = await grain.GetStats();
        var written = await grain.Set(key, CacheTestKeys.Text(new string('x', 1000),
            new CacheExpiration { AbsoluteExpiration = DateTimeOffset.UtcNow.AddSeconds(1) }));
        Assert.NotNull(written.ExpiresAt);
        var during = await grain.GetStats();
        Assert.True(during.Bytes >= before.Bytes + 1000);

        // No read of the key: only the purge timer can remove it.
        await Poll.UntilAsync(async () =>
        {
            var now = await grain.GetStats();
            return now.Entries <= before.Entries && now.Bytes <= before.Bytes;
        }, TimeSpan.FromSeconds(20), "the partition to purge the expired entry and give its bytes back");
        Assert.Equal(CacheReadStatus.Miss, (await grain.Get(key)).Status);
    }

    [Fact]
    public async Task Sliding_entry_lives_while_read_and_expires_when_left_alone()
    {
        var key = CacheTestKeys.Unique("sliding");
        var grain = fixture.GrainFor(key);
        // A generous window: only a stall of 5 s between two reads of a loaded machine could lose the entry.
        var window = TimeSpan.FromSeconds(5);
        await grain.Set(key, CacheTestKeys.Text("s", new CacheExpiration { SlidingExpiration = window }));

        var kept = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - kept < window * 1.5)
        {
            var read = await grain.Get(key);
            Assert.Equal(CacheReadStatus.Hit, read.Status);
            Assert.True(read.ExpiresAt > DateTimeOffset.UtcNow + window / 2, "each read moves the deadline a window ahead");
            await Task.Delay(250); // the client's read pace, not synchronisation
        }

        // Only EXISTS from here on: it does not slide the window, as a read would. Watching the partition's entry count
        // instead could see another test's entry expire first.
        await Poll.UntilAsync(async () =>
        {
            var exists = await grain.Execute(new CacheBatch { Operations = [CacheOperation.Exists(key)] });
            return exists.Results[0].Number == 0;
        }, TimeSpan.FromSeconds(20), "the sliding entry to expire once reads stop");
        Assert.Equal(CacheReadStatus.Miss, (await grain.Get(key)).Status);
    }
}
