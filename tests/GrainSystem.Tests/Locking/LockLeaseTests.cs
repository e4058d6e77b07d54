using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Tests.Locking;

/// <summary>On a cluster whose lock calls may wait 10 s each: one single call spans a whole 1 s lease.</summary>
[Collection(LockGatedClusterCollection.Name)]
public sealed class LockLeaseTests(LockGatedClusterFixture fixture)
{
    [Fact]
    public async Task An_expired_lease_is_handed_to_the_waiter_by_the_timer_with_no_call_arriving()
    {
        var (name, grain) = fixture.NewLock("expiry");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "silent-holder", TimeSpan.FromSeconds(1), TimeSpan.Zero));

        // One call, waiting up to 8 s (inside its 10 s slice): nothing else reaches the grain until it answers, so only
        // the grain's own timer can end the holder's lease and wake this waiter.
        var result = await grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "waiter", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(8)));

        // Granted by that one call, and (on the grain's clock) not before the holder's lease ended.
        var grant = LockAssert.Granted(result);
        Assert.Equal(holder.FencingToken + 1, grant.FencingToken);
        Assert.True(grant.ExpiresAt - TimeSpan.FromSeconds(30) >= holder.ExpiresAt, "granted before the holder's lease ended");
    }

    [Fact]
    public async Task A_lease_that_ends_while_its_renewal_is_written_is_handed_to_the_waiter_by_the_timer()
    {
        var (name, grain) = fixture.NewLock("renewal-lapse");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", TimeSpan.FromSeconds(30), TimeSpan.Zero));
        var waiting = grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "waiter", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(8)));
        await GrainSystem.Testing.Poll.UntilAsync(async () => (await grain.Inspect()).Waiters == 1, TimeSpan.FromSeconds(10), "the waiter to queue");

        // The renewal decides on a 1 s lease, and its write is still in progress when that lease ends: the lock's last
        // decision was made while it was held, and the lease ends with no call arriving. Only the timer can wake the waiter.
        var held = fixture.HoldNextWrite(name);
        var renew = grain.Renew(holder.Token, TimeSpan.FromSeconds(1));
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var reached = DateTimeOffset.UtcNow;
        await GrainSystem.Testing.Poll.UntilAsync(() => DateTimeOffset.UtcNow > reached + TimeSpan.FromSeconds(1.1), TimeSpan.FromSeconds(10),
            "the renewed lease to end while its write is held", TimeSpan.FromMilliseconds(20));
        held.Release();

        var renewed = LockAssert.Renewed(await renew);
        var grant = LockAssert.Granted(await waiting);
        Assert.Equal(holder.FencingToken + 1, grant.FencingToken);
        Assert.True(grant.ExpiresAt - TimeSpan.FromSeconds(30) >= renewed.ExpiresAt, "granted before the renewed lease ended");
    }

    [Fact]
    public async Task An_expired_lease_frees_the_lock_and_its_token_no_longer_renews_or_releases()
    {
        var (name, grain) = fixture.NewLock("lapse");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", TimeSpan.FromSeconds(1), TimeSpan.Zero));

        await GrainSystem.Testing.Poll.UntilAsync(async () => !(await grain.Inspect()).Held, TimeSpan.FromSeconds(10), "the lease to end");

        LockAssert.NotOwner(await grain.Renew(holder.Token, TimeSpan.FromSeconds(10)));
        LockAssert.NotOwner(await grain.Release(holder.Token));
        var next = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "next", TimeSpan.FromSeconds(10), TimeSpan.Zero));
        Assert.Equal(holder.FencingToken + 1, next.FencingToken);
    }
}
