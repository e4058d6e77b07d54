using GrainSystem.Client.Locking;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Locking;

[Collection(LockClusterCollection.Name)]
public sealed class LockHandleTests(LockClusterFixture fixture)
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1.5);

    // Long enough that a loaded machine delaying one renewal by a second or two does not lose the lock.
    private static readonly TimeSpan RenewedLease = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_handle_renews_itself_and_keeps_the_lock_past_several_leases()
    {
        var name = LockTestNames.New("renewing");
        await using var handle = await fixture.Locks.AcquireAsync(name, RenewedLease, TimeSpan.Zero);
        var firstExpiry = handle.ExpiresAt;

        // Two leases' worth of renewals, each made before the lease it extends ran out.
        await Poll.UntilAsync(() => handle.ExpiresAt > firstExpiry + 2 * RenewedLease, TimeSpan.FromSeconds(30), "two leases of renewals");

        var info = await fixture.Locks.InspectAsync(name);
        Assert.True(info.Held);
        Assert.Equal(handle.FencingToken, info.FencingToken);
        Assert.True(DateTimeOffset.UtcNow > firstExpiry, "still within the first lease");
        Assert.Null(await fixture.Locks.TryAcquireAsync(name, RenewedLease));
        Assert.False(handle.HandleLost.IsCancellationRequested);
    }

    [Fact]
    public async Task HandleLost_fires_when_the_lock_is_taken_away()
    {
        var name = LockTestNames.New("taken");
        await using var handle = await fixture.Locks.AcquireAsync(name, TimeSpan.FromSeconds(2), TimeSpan.Zero);

        // The lock's stored grant disappears (as if an operator cleared it) and its activation restarts from storage:
        // somebody else takes the lock, and the handle's next renewal is refused.
        await fixture.WriteBehindTheBackAsync(name, state => state.Holder = null);
        await fixture.Cluster.DeactivateAsync(fixture.Lock(name));
        await using var thief = await fixture.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.Zero);

        await Poll.UntilAsync(() => handle.HandleLost.IsCancellationRequested, TimeSpan.FromSeconds(10), "HandleLost to fire");
        Assert.True(thief.FencingToken > handle.FencingToken);
        Assert.False(thief.HandleLost.IsCancellationRequested);
    }

    [Fact]
    public async Task After_its_maximum_hold_time_the_handle_stops_renewing_and_the_lock_passes_on()
    {
        var name = LockTestNames.New("maxhold");
        await using var stuck = await fixture.Locks.AcquireAsync(name, ShortLease, TimeSpan.Zero,
            new LockHandleOptions { Owner = "stuck", MaxHoldTime = TimeSpan.FromSeconds(2) });

        await using var next = await fixture.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20),
            new LockHandleOptions { Owner = "next" });

        Assert.True(next.FencingToken > stuck.FencingToken);
        await Poll.UntilAsync(() => stuck.HandleLost.IsCancellationRequested, TimeSpan.FromSeconds(5), "the stuck holder's HandleLost");
        Assert.Equal("next", (await fixture.Locks.InspectAsync(name)).Owner);
    }

    [Fact]
    public async Task Disposing_the_handle_releases_the_lock()
    {
        var name = LockTestNames.New("dispose");
        var handle = await fixture.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.Zero);
        Assert.Null(await fixture.Locks.TryAcquireAsync(name, TimeSpan.FromSeconds(30)));

        await handle.DisposeAsync();

        Assert.False((await fixture.Locks.InspectAsync(name)).Held);
        await using var again = await fixture.Locks.TryAcquireAsync(name, TimeSpan.FromSeconds(30));
        Assert.NotNull(again);
        Assert.False(handle.HandleLost.IsCancellationRequested);
    }

    [Fact]
    public async Task AcquireAsync_throws_a_timeout_naming_the_holder_when_the_wait_ends()
    {
        var name = LockTestNames.New("acquire-timeout");
        await using var holder = await fixture.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.Zero,
            new LockHandleOptions { Owner = "the-holder" });

        var timeout = await Assert.ThrowsAsync<LockTimeoutException>(() =>
            fixture.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(0.5)));

        Assert.Equal("the-holder", timeout.Busy.HolderOwner);
    }
}
