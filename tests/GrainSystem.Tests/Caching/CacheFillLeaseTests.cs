using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Caching;

[Collection(CacheClusterCollection.Name)]
public sealed class CacheFillLeaseTests(CacheClusterFixture fixture)
{
    [Fact]
    public async Task Of_ten_concurrent_callers_one_gets_the_token_and_the_others_the_value_once_filled()
    {
        var key = CacheTestKeys.Unique("fill");
        var grain = fixture.GrainFor(key);
        var lease = TimeSpan.FromSeconds(30);
        var calls = Enumerable.Range(0, 10).Select(_ => ReadUntilSettledAsync(grain, key, lease)).ToList();

        // The holder is known once one call has come back with the token; the other nine are still waiting.
        await Poll.UntilAsync(() => calls.Any(c => c.IsCompleted), TimeSpan.FromSeconds(20), "one caller to receive the fill token");
        var holder = await calls.Single(c => c.IsCompleted);
        Assert.Equal(CacheReadStatus.FillLeaseGranted, holder.Status);
        Assert.False(string.IsNullOrEmpty(holder.FillToken));
        Assert.Equal(9, calls.Count(c => !c.IsCompleted));

        await grain.Set(key, CacheTestKeys.Text("computed") with { FillToken = holder.FillToken });

        var all = await Task.WhenAll(calls);
        Assert.Single(all, r => r.Status == CacheReadStatus.FillLeaseGranted);
        Assert.All(all.Where(r => r.Status != CacheReadStatus.FillLeaseGranted), r =>
        {
            Assert.Equal(CacheReadStatus.Hit, r.Status);
            Assert.Equal("computed", Encoding.UTF8.GetString(r.Value!));
        });
    }

    [Fact]
    public async Task A_lapsed_lease_passes_to_the_next_waiter()
    {
        var key = CacheTestKeys.Unique("lapse");
        var grain = fixture.GrainFor(key);
        var lease = TimeSpan.FromSeconds(1);
        var first = await grain.GetOrLease(key, lease, TimeSpan.FromSeconds(30));
        Assert.Equal(CacheReadStatus.FillLeaseGranted, first.Status);

        // The first holder never fills; the next caller waits for the lapse and takes over.
        var second = await ReadUntilSettledAsync(grain, key, lease);
        Assert.Equal(CacheReadStatus.FillLeaseGranted, second.Status);
        Assert.NotEqual(first.FillToken, second.FillToken);
    }

    [Fact]
    public async Task A_released_lease_passes_at_once_to_a_waiter()
    {
        var key = CacheTestKeys.Unique("release");
        var grain = fixture.GrainFor(key);
        var lease = TimeSpan.FromMinutes(5);
        var first = await grain.GetOrLease(key, lease, TimeSpan.FromSeconds(30));
        var waiter = ReadUntilSettledAsync(grain, key, lease);
        await Poll.UntilAsync(async () => (await grain.GetStats()).FillWaiters >= 1, TimeSpan.FromSeconds(20), "the waiter to be queued");
        await grain.ReleaseLease(key, first.FillToken!);

        var second = await waiter.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(CacheReadStatus.FillLeaseGranted, second.Status);
    }

    [Fact]
    public async Task A_write_with_a_lapsed_fill_token_cannot_overwrite_the_next_holders_value()
    {
        var key = CacheTestKeys.Unique("late-fill");
        var grain = fixture.GrainFor(key);
        var first = await grain.GetOrLease(key, TimeSpan.FromMilliseconds(300), TimeSpan.Zero);
        Assert.Equal(CacheReadStatus.FillLeaseGranted, first.Status);

        // Once the first lease lapsed, a caller that does not wait takes the next one.
        CacheReadResult second = null!;
        await Poll.UntilAsync(async () =>
        {
            second = await grain.GetOrLease(key, TimeSpan.FromMinutes(5), TimeSpan.Zero);
            return second.Status == CacheReadStatus.FillLeaseGranted;
        }, TimeSpan.FromSeconds(20), "the first lease to lapse and pass on");

        var late = await grain.Set(key, CacheTestKeys.Text("late") with { FillToken = first.FillToken });
        Assert.Equal(CacheWriteStatus.PreconditionFailed, late.Status);
        Assert.Equal(CacheWriteStatus.Created, (await grain.Set(key, CacheTestKeys.Text("next") with { FillToken = second.FillToken })).Status);
        Assert.Equal(CacheWriteStatus.PreconditionFailed, (await grain.Set(key, CacheTestKeys.Text("late") with { FillToken = first.FillToken })).Status);
        Assert.Equal("next", Encoding.UTF8.GetString((await grain.Get(key)).Value!));

        // A write without a token is an ordinary write.
        Assert.Equal(CacheWriteStatus.Replaced, (await grain.Set(key, CacheTestKeys.Text("plain"))).Status);
    }

    [Fact]
    public async Task GetOrCreate_releases_the_lease_when_its_write_fails()
    {
        var key = CacheTestKeys.Unique("failed-fill");
        var tooLarge = new byte[new CacheOptions().MaxValueBytes + 1];
        await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.Cache.GetOrCreateAsync(key, _ => Task.FromResult(tooLarge)));

        // The lease is free at once (not held until its 30 s lapse): a caller that does not wait receives it.
        var next = await fixture.GrainFor(key).GetOrLease(key, TimeSpan.FromSeconds(30), TimeSpan.Zero);
        Assert.Equal(CacheReadStatus.FillLeaseGranted, next.Status);
    }

    /// <summary>What a client does: call again while the grain answers "fill pending" (each call's wait is bounded).</summary>
    private static async Task<CacheReadResult> ReadUntilSettledAsync(ICacheGrain grain, string key, TimeSpan lease)
    {
        while (true)
        {
            var read = await grain.GetOrLease(key, lease, TimeSpan.FromSeconds(30));
            if (read.Status != CacheReadStatus.FillPending)
            {
                return read;
            }
        }
    }
}
