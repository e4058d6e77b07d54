using GrainSystem.Abstractions.Locking;
using Orleans.Storage;

namespace GrainSystem.Tests.Locking;

/// <summary>A lock activation whose stored state moved on behind it (a duplicate activation wrote meanwhile).</summary>
[Collection(LockGatedClusterCollection.Name)]
public sealed class LockStaleActivationTests(LockGatedClusterFixture fixture)
{
    [Fact]
    public async Task A_stale_activations_grant_write_conflicts_and_grants_nothing()
    {
        var (name, grain) = fixture.NewLock("duplicate");
        var earlier = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "earlier", TimeSpan.FromSeconds(60), TimeSpan.Zero));
        LockAssert.Released(await grain.Release(earlier.Token));

        // The lock is free and its activation stays in memory. Another activation of it (as during a partition) granted
        // and released it meanwhile: the stored state and its ETag moved on behind this activation's back.
        await fixture.WriteBehindTheBackAsync(name, state =>
        {
            state.LastFencingToken = 100;
            state.Holder = null;
        });

        // This activation would grant fencing token 2: its write fails on the ETag, so the call gets no grant.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "stale", TimeSpan.FromSeconds(60), TimeSpan.Zero)));

        // The stale activation went; the next one reads what the other activation stored.
        var info = await grain.Inspect();
        Assert.Equal((false, 100L), (info.Held, info.FencingToken));
        Assert.Equal(101, LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "after", TimeSpan.FromSeconds(60), TimeSpan.Zero)).FencingToken);
    }
}
