using GrainSystem.Abstractions.Locking;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Locking;

/// <summary>Calls that arrive, or leave, while a grant is being written to storage.</summary>
[Collection(LockGatedClusterCollection.Name)]
public sealed class LockGrantWriteTests(LockGatedClusterFixture fixture)
{
    [Fact]
    public async Task A_try_once_retry_arriving_while_its_own_grant_is_written_gets_that_grant()
    {
        var (name, grain) = fixture.NewLock("retry-during-write");
        var request = new LockAcquireRequest(Guid.NewGuid(), "me", fixture.Lease, TimeSpan.Zero);
        var held = fixture.HoldNextWrite(name);
        var first = grain.Acquire(request);
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        // The caller's first call timed out, so it asks again with the same waiter id while the grant is still being
        // written; the retry is inside the grain (answered, or waiting) before the write goes on.
        var retry = grain.Acquire(request);
        await Poll.UntilAsync(() => fixture.Probe.Entered(grain.GetGrainId()) == 2, TimeSpan.FromSeconds(30),
            "the retry to reach the grain while the grant is written");
        held.Release();

        var granted = LockAssert.Granted(await first);
        Assert.Equal(granted, LockAssert.Granted(await retry));
    }

    [Fact]
    public async Task A_call_cancelled_while_its_grant_is_written_leaves_the_lock_free()
    {
        var (name, grain) = fixture.NewLock("cancel-during-write");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero));
        using var cancel = new CancellationTokenSource();
        var waiting = grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "waiter", fixture.Lease, TimeSpan.FromSeconds(60)), cancel.Token);
        await Poll.UntilAsync(async () => (await grain.Inspect()).Waiters == 1, TimeSpan.FromSeconds(20), "the waiter to queue");

        // The release hands the lock to the waiter; its grant's write is held while the waiter's caller goes away.
        var held = fixture.HoldNextWrite(name);
        var release = grain.Release(holder.Token);
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The cancellation reaches the grain as a message of its own: it has arrived before the write goes on.
        await fixture.Probe.CancellationReached(grain.GetGrainId()).WaitAsync(TimeSpan.FromSeconds(30));
        held.Release();

        LockAssert.Released(await release);
        await Poll.UntilAsync(async () => !(await grain.Inspect()).Held, TimeSpan.FromSeconds(20), "the abandoned grant to be released");
        var info = await grain.Inspect();
        Assert.Equal((false, holder.FencingToken + 1, 0), (info.Held, info.FencingToken, info.Waiters));
    }
}
