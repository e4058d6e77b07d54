using GrainSystem.Abstractions.Locking;
using GrainSystem.Grains.Locking;

namespace GrainSystem.Tests.Locking;

/// <summary>An acquire made under an Idempotency-Key: its waiter id comes from the key, its fingerprint from the request.</summary>
[Collection(LockGatedClusterCollection.Name)]
public sealed class LockIdempotencyTests(LockGatedClusterFixture fixture)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_retry_gets_the_first_grant_again_after_a_new_activation_and_after_the_release_and_grants_nothing_new()
    {
        var (name, grain) = fixture.NewLock("idempotent");
        var request = new LockAcquireRequest(Guid.NewGuid(), "keyed", fixture.Lease, TimeSpan.Zero, "fingerprint-1", Remember);
        var first = LockAssert.Granted(await grain.Acquire(request));

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(first, LockAssert.Granted(await grain.Acquire(request)));

        LockAssert.Released(await grain.Release(first.Token));
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(first, LockAssert.Granted(await grain.Acquire(request)));
        var info = await grain.Inspect();
        Assert.Equal((false, first.FencingToken), (info.Held, info.FencingToken));
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_refused_and_changes_nothing()
    {
        var (_, grain) = fixture.NewLock("reused-key");
        var waiter = Guid.NewGuid();
        var first = LockAssert.Granted(await grain.Acquire(
            new LockAcquireRequest(waiter, "keyed", fixture.Lease, TimeSpan.Zero, "fingerprint-1", Remember)));

        var other = await grain.Acquire(new LockAcquireRequest(waiter, "keyed", fixture.Lease, TimeSpan.Zero, "fingerprint-2", Remember));

        Assert.Equal(LockAcquireStatus.KeyReused, other.Status);
        var info = await grain.Inspect();
        Assert.Equal((true, first.FencingToken), (info.Held, info.FencingToken));
    }

    [Fact]
    public async Task A_grant_is_stored_with_its_lease_length_and_a_lapsed_lease_is_stored_as_free()
    {
        var (name, grain) = fixture.NewLock("lapse-stored");
        var lease = TimeSpan.FromSeconds(1);
        LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "brief", lease, TimeSpan.Zero));
        Assert.Equal(lease, (await StoredAsync(grain)).Holder?.Lease);

        // The timer ends the lease and stores it, so the lock's next activation has no grant to hold for a grace period.
        await GrainSystem.Testing.Poll.UntilAsync(async () => (await StoredAsync(grain)).Holder is null, TimeSpan.FromSeconds(20),
            "the end of the lease to be stored");
        await fixture.Cluster.DeactivateAsync(grain);
        LockAssert.Granted(await grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "next", fixture.Lease, TimeSpan.Zero)));
    }

    private async Task<LockState> StoredAsync(ILockGrain grain) =>
        (await GrainSystem.Testing.GrainStorageExtensions.ReadStateAsync<LockState>(fixture.Cluster, grain.GetGrainId(), "lock")).State!;
}
