using System.Diagnostics;
using GrainSystem.Abstractions.Locking;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Locking;

[Collection(LockClusterCollection.Name)]
public sealed class LockWaitingTests(LockClusterFixture fixture)
{
    [Fact]
    public async Task Waiters_get_the_lock_in_the_order_they_asked_for_it()
    {
        var (name, grain) = fixture.NewLock("fifo");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero));
        var order = new List<string>();
        var waiters = new List<Task>();
        foreach (var who in new[] { "first", "second", "third", "fourth" })
        {
            waiters.Add(Task.Run(async () =>
            {
                var grant = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, who, fixture.Lease, TimeSpan.FromSeconds(60)));
                lock (order)
                {
                    order.Add(who);
                }

                await grain.Release(grant.Token);
            }));

            // Each waiter is queued (and keeps its place over several 300 ms calls) before the next one asks.
            var queued = waiters.Count;
            await Poll.UntilAsync(async () => (await grain.Inspect()).Waiters == queued, TimeSpan.FromSeconds(20), $"{queued} waiters");
        }

        await grain.Release(holder.Token);
        await Task.WhenAll(waiters);
        Assert.Equal(["first", "second", "third", "fourth"], order);
    }

    [Fact]
    public async Task A_waiter_gives_up_at_its_deadline_with_the_holders_owner_label()
    {
        var (name, grain) = fixture.NewLock("timeout");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder-7", fixture.Lease, TimeSpan.Zero));

        var clock = Stopwatch.StartNew();
        var busy = LockAssert.Busy(await fixture.Locks.AcquireGrantAsync(name, "waiter", fixture.Lease, TimeSpan.FromSeconds(1.5)));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4), $"gave up after {clock.Elapsed}");
        Assert.Equal("holder-7", busy.HolderOwner);
        Assert.Equal(holder.ExpiresAt, busy.HolderExpiresAt);
        Assert.True(busy.RetryAfter >= TimeSpan.FromSeconds(1));
        var info = await grain.Inspect();
        Assert.Equal(0, info.Waiters);
        Assert.Equal(holder.FencingToken, info.FencingToken);
    }

    [Fact]
    public async Task Zero_wait_on_a_held_lock_answers_busy_at_once_and_queues_nothing()
    {
        var (name, grain) = fixture.NewLock("try");
        await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero);

        var busy = LockAssert.Busy(await fixture.Locks.AcquireGrantAsync(name, "other", fixture.Lease, TimeSpan.Zero));

        Assert.Equal("holder", busy.HolderOwner);
        Assert.Equal(0, (await grain.Inspect()).Waiters);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue()
    {
        var (name, grain) = fixture.NewLock("cancel");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero));
        using var cancel = new CancellationTokenSource();
        var waiting = fixture.Locks.AcquireGrantAsync(name, "waiter", fixture.Lease, TimeSpan.FromSeconds(60), cancel.Token);
        await Poll.UntilAsync(async () => (await grain.Inspect()).Waiters == 1, TimeSpan.FromSeconds(20), "the waiter to queue");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Poll.UntilAsync(async () => (await grain.Inspect()).Waiters == 0, TimeSpan.FromSeconds(10), "the queue to empty");
        await grain.Release(holder.Token);
        Assert.False((await grain.Inspect()).Held);
    }

    [Fact]
    public async Task A_waiter_that_stops_calling_keeps_its_place_only_for_the_grace_period()
    {
        var (name, grain) = fixture.NewLock("ghost");
        var holder = LockAssert.Granted(await fixture.Locks.AcquireGrantAsync(name, "holder", fixture.Lease, TimeSpan.Zero));

        // One call of a wait loop whose process then dies: it is queued first, and never calls again.
        var ghost = new LockAcquireRequest(Guid.NewGuid(), "ghost", fixture.Lease, TimeSpan.FromSeconds(60));
        LockAssert.Queued(await grain.Acquire(ghost));
        var ghostLeft = Stopwatch.StartNew();
        var patient = Task.Run(() => fixture.Locks.AcquireGrantAsync(name, "patient", fixture.Lease, TimeSpan.FromSeconds(60)));
        await Poll.UntilAsync(async () => (await grain.Inspect()).Waiters == 2, TimeSpan.FromSeconds(20), "two waiters");

        await grain.Release(holder.Token);

        // The lock is kept for the ghost for the grace period (3 s here), then goes to the next waiter.
        var grant = LockAssert.Granted(await patient);
        Assert.True(ghostLeft.Elapsed >= TimeSpan.FromSeconds(2.5), $"handed on {ghostLeft.Elapsed} after the ghost's last call, inside its grace");
        Assert.Equal("patient", grant.Owner);
        Assert.Equal(holder.FencingToken + 1, grant.FencingToken);
        Assert.Equal(0, (await grain.Inspect()).Waiters);
    }

    [Fact]
    public async Task A_retried_acquire_of_the_same_waiter_gets_the_same_grant()
    {
        var grain = fixture.Lock(LockTestNames.New("retry"));
        var request = new LockAcquireRequest(Guid.NewGuid(), "me", fixture.Lease, TimeSpan.Zero);

        var first = LockAssert.Granted(await grain.Acquire(request));
        var again = LockAssert.Granted(await grain.Acquire(request));

        Assert.Equal(first, again);
    }
}
