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

    [Fact]
    public async Task A_key_is_limited_to_512_utf8_bytes_whatever_its_characters()
    {
        // 512 one-byte characters fit; 171 three-byte characters (513 bytes) do not although they are fewer than 512 characters.
        var fits = new string('k', CacheOptions.MaxKeyBytes);
        Assert.Equal(CacheWriteStatus.Created, (await fixture.GrainFor(fits).Set(fits, CacheTestKeys.Text("x"))).Status);
        Assert.Equal(CacheReadStatus.Hit, (await fixture.GrainFor(fits).Get(fits)).Status);

        foreach (var tooLong in new[] { new string('k', CacheOptions.MaxKeyBytes + 1), new string('\u20ac', 171) })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.GrainFor(tooLong).Set(tooLong, CacheTestKeys.Text("x")).AsTask());
            await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.GrainFor(tooLong).Get(tooLong).AsTask());
        }
    }

    [Fact]
    public async Task An_unknown_write_condition_is_refused_instead_of_writing_unconditionally()
    {
        var key = CacheTestKeys.Unique("bad-condition");
        var grain = fixture.GrainFor(key);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.Set(key,
            CacheTestKeys.Text("x") with { Condition = (CacheWriteCondition)7, ExpectedVersion = 1 }).AsTask());
        Assert.Equal(CacheReadStatus.Miss, (await grain.Get(key)).Status);
    }

    [Fact]
    public async Task An_empty_content_type_is_stored_as_the_default()
    {
        var key = CacheTestKeys.Unique("no-type");
        var grain = fixture.GrainFor(key);
        Assert.Equal(CacheWriteStatus.Created, (await grain.Set(key, CacheTestKeys.Text("x") with { ContentType = "" })).Status);
        Assert.Equal("application/octet-stream", (await grain.Get(key)).ContentType);
    }

    [Fact]
    public async Task An_absolute_expiry_in_the_first_millisecond_of_1970_has_passed_rather_than_meaning_none()
    {
        var key = CacheTestKeys.Unique("epoch");
        var grain = fixture.GrainFor(key);
        await grain.Set(key, CacheTestKeys.Text("x", new CacheExpiration { AbsoluteExpiration = DateTimeOffset.UnixEpoch }));
        Assert.Equal(CacheReadStatus.Miss, (await grain.Get(key)).Status);
    }
}
