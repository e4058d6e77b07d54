using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Tests.Caching;

/// <summary>Limits the grain enforces itself, for callers of the .NET API that never pass the HTTP checks.</summary>
[Collection(CacheClusterCollection.Name)]
public sealed class CacheLimitsTests(CacheClusterFixture fixture)
{
    [Fact]
    public async Task A_sliding_window_under_one_millisecond_is_refused_instead_of_never_expiring()
    {
        var key = CacheTestKeys.Unique("tiny-window");
        var grain = fixture.GrainFor(key);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.Set(key,
            CacheTestKeys.Text("x", new CacheExpiration { SlidingExpiration = TimeSpan.FromTicks(5_000) })).AsTask());
        Assert.Equal(CacheReadStatus.Miss, (await grain.Get(key)).Status);
    }

    [Fact]
    public async Task An_absolute_expiry_more_than_thirty_days_away_is_refused()
    {
        var key = CacheTestKeys.Unique("far-expiry");
        var grain = fixture.GrainFor(key);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.Set(key,
            CacheTestKeys.Text("x", new CacheExpiration { AbsoluteExpiration = DateTimeOffset.UtcNow.AddDays(31) })).AsTask());
        Assert.Equal(CacheReadStatus.Miss, (await grain.Get(key)).Status);

        var within = await grain.Set(key, CacheTestKeys.Text("x", new CacheExpiration { AbsoluteExpiration = DateTimeOffset.UtcNow.AddDays(30) }));
        Assert.Equal(CacheWriteStatus.Created, within.Status);
    }
}
