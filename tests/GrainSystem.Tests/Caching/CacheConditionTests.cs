using GrainSystem.Abstractions.Caching;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Caching;

[Collection(CacheClusterCollection.Name)]
public sealed class CacheConditionTests(CacheClusterFixture fixture)
{
    [Fact]
    public async Task Of_concurrent_compare_and_sets_with_the_same_version_exactly_one_wins()
    {
        var key = CacheTestKeys.Unique("cas");
        var grain = fixture.GrainFor(key);
        var start = await grain.Set(key, CacheTestKeys.Text("0"));

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => grain.Set(key,
            CacheTestKeys.Text($"w{i}") with { Condition = CacheWriteCondition.IfVersion, ExpectedVersion = start.Version }).AsTask()));

        var winners = results.Where(r => r.Status == CacheWriteStatus.Replaced).ToList();
        Assert.Single(winners);
        Assert.All(results.Where(r => r.Status != CacheWriteStatus.Replaced),
            r => Assert.Equal(CacheWriteStatus.PreconditionFailed, r.Status));
        Assert.Equal(winners[0].Version, (await grain.Get(key)).Version);
    }

    [Fact]
    public async Task Set_if_absent_stores_only_once()
    {
        var key = CacheTestKeys.Unique("absent");
        var grain = fixture.GrainFor(key);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => grain.Set(key,
            CacheTestKeys.Text($"w{i}") with { Condition = CacheWriteCondition.IfAbsent }).AsTask()));
        Assert.Single(results, r => r.Status == CacheWriteStatus.Created);
        Assert.Equal(9, results.Count(r => r.Status == CacheWriteStatus.PreconditionFailed));
    }

    [Fact]
    public async Task Delete_if_version_deletes_only_at_that_version()
    {
        var key = CacheTestKeys.Unique("delete-if");
        var grain = fixture.GrainFor(key);
        var written = await grain.Set(key, CacheTestKeys.Text("x"));

        var stale = await grain.Delete(key, written.Version - 1);
        Assert.Equal(CacheDeleteStatus.PreconditionFailed, stale.Status);
        Assert.Equal(written.Version, stale.Version);
        Assert.Equal(CacheReadStatus.Hit, (await grain.Get(key)).Status);

        Assert.Equal(CacheDeleteStatus.Deleted, (await grain.Delete(key, written.Version)).Status);
        Assert.Equal(CacheDeleteStatus.NotFound, (await grain.Delete(key, null)).Status);
    }

    [Fact]
    public async Task A_thousand_concurrent_increments_add_up_exactly()
    {
        var key = CacheTestKeys.Unique("counter");
        var grain = fixture.GrainFor(key);
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => grain.Increment(key, 3).AsTask()));

        Assert.All(results, r => Assert.Equal(CacheIncrementStatus.Incremented, r.Status));
        Assert.Equal(3000, results.Max(r => r.Value));
        Assert.Equal(1000, results.Select(r => r.Value).Distinct().Count());
        var read = await grain.Get(key);
        Assert.Equal("3000", System.Text.Encoding.ASCII.GetString(read.Value!));
    }

    [Fact]
    public async Task An_increment_refused_as_no_counter_answers_its_retry_with_the_same_refusal_once_the_value_is_a_counter()
    {
        var key = CacheTestKeys.Unique("counter");
        var grain = fixture.GrainFor(key);
        var text = await grain.Set(key, CacheTestKeys.Text("forty-two"));
        var first = await grain.IncrementOnce(key, 1, "once");
        Assert.Equal((CacheIncrementStatus.NotAnInteger, text.Version), (first.Status, first.Version));

        await grain.Set(key, CacheTestKeys.Text("5"));
        Assert.Equal(first, await grain.IncrementOnce(key, 1, "once"));
        Assert.Equal("5", System.Text.Encoding.ASCII.GetString((await grain.Get(key)).Value!));
    }

    [Fact]
    public async Task Increment_continues_from_a_written_decimal_and_refuses_text_and_overflow()
    {
        var key = CacheTestKeys.Unique("counter");
        var grain = fixture.GrainFor(key);
        await grain.Set(key, CacheTestKeys.Text("41"));
        Assert.Equal(42, (await grain.Increment(key, 1)).Value);
        Assert.Equal(-8, (await grain.Increment(key, -50)).Value);

        await grain.Set(key, CacheTestKeys.Text("forty-two"));
        Assert.Equal(CacheIncrementStatus.NotAnInteger, (await grain.Increment(key, 1)).Status);

        await grain.Set(key, CacheTestKeys.Text(long.MaxValue.ToString()));
        var overflow = await grain.Increment(key, 1);
        Assert.Equal(CacheIncrementStatus.Overflow, overflow.Status);
        Assert.Equal(long.MaxValue.ToString(), System.Text.Encoding.ASCII.GetString((await grain.Get(key)).Value!));
    }

    [Fact]
    public async Task An_increment_keeps_the_entrys_expiry_and_does_not_slide_its_window()
    {
        var key = CacheTestKeys.Unique("counter-expiry");
        var grain = fixture.GrainFor(key);
        await grain.Set(key, CacheTestKeys.Text("0", new CacheExpiration { SlidingExpiration = TimeSpan.FromSeconds(1) }));

        // Increments alone do not keep a sliding counter alive: once its window passes it starts again from 0.
        var increments = 0;
        await Poll.UntilAsync(async () =>
        {
            var result = await grain.Increment(key, 1);
            increments++;
            return result.Value == 1 && increments > 1;
        }, TimeSpan.FromSeconds(20), "the counter to expire although it was incremented", TimeSpan.FromMilliseconds(100));
    }
}
