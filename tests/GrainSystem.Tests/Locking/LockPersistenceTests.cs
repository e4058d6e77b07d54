using GrainSystem.Abstractions.Locking;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Locking;

[Collection(LockClusterCollection.Name)]
public sealed class LockPersistenceTests(LockClusterFixture fixture)
{
    [Fact]
    public async Task The_holder_and_fencing_counter_survive_forced_deactivation()
    {
        var (name, grain) = fixture.NewLock("deactivate");
        for (var i = 0; i < 3; i++)
        {
            var grant = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "cycle", fixture.Lease, TimeSpan.Zero));
            await grain.Release(grant.Token);
        }

        var held = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero));
        await fixture.Cluster.DeactivateAsync(grain);

        // The next activation holds the stored grant for a whole lease from its start: never less than the grant's own.
        var info = await grain.Inspect();
        Assert.Equal((true, "holder", 4L), (info.Held, info.Owner, info.FencingToken));
        Assert.True(info.ExpiresAt >= held.ExpiresAt, $"the lease ends at {info.ExpiresAt:O}, before the grant's {held.ExpiresAt:O}");
        LockAssert.Renewed(await grain.Renew(held.Token, fixture.Lease));
        LockAssert.Released(await grain.Release(held.Token));
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(5, LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "after", fixture.Lease, TimeSpan.Zero)).FencingToken);
    }

    [Fact]
    public async Task A_released_lock_nobody_waits_for_deactivates_and_keeps_its_fencing_counter()
    {
        var (name, grain) = fixture.NewLock("idle");
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var grant = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero));
        Assert.True(await IsActiveAsync(management, grain));

        await grain.Release(grant.Token);

        await Poll.UntilAsync(async () => !await IsActiveAsync(management, grain), TimeSpan.FromSeconds(10),
            "the idle lock to deactivate");
        Assert.Equal(grant.FencingToken + 1, LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "next", fixture.Lease, TimeSpan.Zero)).FencingToken);
    }

    [Fact]
    public async Task Inspecting_a_lock_that_was_never_granted_leaves_nothing_in_memory()
    {
        var grain = fixture.Lock(LockTestNames.New("unknown"));
        var management = fixture.Client.GetGrain<IManagementGrain>(0);

        var info = await grain.Inspect();

        Assert.Equal((false, 0L, 0), (info.Held, info.FencingToken, info.Waiters));
        await Poll.UntilAsync(async () => !await IsActiveAsync(management, grain), TimeSpan.FromSeconds(10),
            "the unknown lock to deactivate");
    }

    /// <summary>Whether any silo has an activation of <paramref name="grain"/> (asks the silos' catalogs, not the directory cache).</summary>
    private static async Task<bool> IsActiveAsync(IManagementGrain management, ILockGrain grain) =>
        (await management.GetDetailedGrainStatistics()).Any(s => s.GrainId == grain.GetGrainId());
}
