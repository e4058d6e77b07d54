using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Tests.Locking;

[Collection(LockClusterCollection.Name)]
public sealed class LockOwnershipTests(LockClusterFixture fixture)
{
    [Theory]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("not-a-token")]
    [InlineData("")]
    public async Task A_wrong_token_is_not_the_owner_and_changes_nothing(string wrong)
    {
        var (name, grain) = fixture.NewLock("wrong");
        var grant = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero));
        var before = await grain.Inspect();

        var renew = LockAssert.NotOwner(await grain.Renew(wrong, TimeSpan.FromSeconds(600)));
        var release = LockAssert.NotOwner(await grain.Release(wrong));

        Assert.Equal("holder", renew.HolderOwner);
        Assert.Equal("holder", release.HolderOwner);
        Assert.Equal(before, await grain.Inspect());
        LockAssert.Released(await grain.Release(grant.Token));
    }

    [Fact]
    public async Task A_stale_token_from_an_earlier_grant_is_not_the_owner_and_changes_nothing()
    {
        var (name, grain) = fixture.NewLock("stale");
        var earlier = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "earlier", fixture.Lease, TimeSpan.Zero));
        LockAssert.Released(await grain.Release(earlier.Token));
        var current = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "current", fixture.Lease, TimeSpan.Zero));
        var before = await grain.Inspect();

        LockAssert.NotOwner(await grain.Renew(earlier.Token, TimeSpan.FromSeconds(600)));
        LockAssert.NotOwner(await grain.Release(earlier.Token));

        Assert.Equal(before, await grain.Inspect());
        Assert.Equal("current", before.Owner);
        Assert.Equal(earlier.FencingToken + 1, current.FencingToken);
    }

    [Fact]
    public async Task Renewing_extends_the_lease_and_keeps_the_fencing_token()
    {
        var (name, grain) = fixture.NewLock("renew");
        var grant = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", TimeSpan.FromSeconds(5), TimeSpan.Zero));

        var renewed = LockAssert.Renewed(await grain.Renew(grant.Token, TimeSpan.FromSeconds(600)));

        Assert.Equal(grant.FencingToken, renewed.FencingToken);
        Assert.True(renewed.ExpiresAt > grant.ExpiresAt + TimeSpan.FromSeconds(500));
        Assert.Equal(renewed.ExpiresAt, (await grain.Inspect()).ExpiresAt);
    }

    [Fact]
    public async Task Inspect_and_the_grants_printed_form_never_show_the_owner_token()
    {
        var (name, grain) = fixture.NewLock("secret");
        var result = await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero);
        var grant = LockAssert.Granted(result);

        var info = await grain.Inspect();

        Assert.True(LockLimits.IsWellFormedToken(grant.Token));
        Assert.DoesNotContain(grant.Token, info.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(grant.Token, grant.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(grant.Token, result.ToString(), StringComparison.Ordinal);
        Assert.Equal(("holder", true, grant.FencingToken), (info.Owner, info.Held, info.FencingToken));
    }

    [Fact]
    public async Task An_empty_waiter_id_is_refused_and_grants_nothing()
    {
        var grain = fixture.Lock(LockTestNames.New("empty-waiter"));

        await Assert.ThrowsAsync<ArgumentException>(() => grain.Acquire(new LockAcquireRequest(Guid.Empty, "me", fixture.Lease, TimeSpan.Zero)));

        Assert.False((await grain.Inspect()).Held);
    }

    [Fact]
    public async Task The_holders_waiter_id_with_another_owner_label_does_not_repeat_the_grant()
    {
        var grain = fixture.Lock(LockTestNames.New("waiter-id"));
        var waiterId = Guid.NewGuid();
        LockAssert.Granted(await grain.Acquire(new LockAcquireRequest(waiterId, "holder", fixture.Lease, TimeSpan.Zero)));

        var other = await grain.Acquire(new LockAcquireRequest(waiterId, "somebody-else", fixture.Lease, TimeSpan.Zero));

        Assert.Equal("holder", LockAssert.Busy(other).HolderOwner);
    }
}
