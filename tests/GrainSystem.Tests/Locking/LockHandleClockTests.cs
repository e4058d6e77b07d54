using GrainSystem.Abstractions.Locking;
using GrainSystem.Client.Locking;
using GrainSystem.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// The .NET handle's own idea of its lease, against a lock the test controls and a clock that moves only when told:
/// what the handle believes at each instant is checked exactly, with no race against real time.
/// </summary>
public sealed class LockHandleClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestClock _clock = new();

    [Fact]
    public async Task HandleLost_fires_before_the_lease_ends_while_a_renewal_hangs()
    {
        var lease = TimeSpan.FromSeconds(3);
        var grain = new FakeLockGrain { OnAcquire = (_, _) => Granted(lease) };
        await using var handle = await Locks(grain).AcquireAsync("fake", lease, TimeSpan.Zero);
        var lostAt = lease - Margin(lease);

        // The renewal a third into the lease goes to a silo that never answers.
        await ParkedAsync("the first renewal's delay");
        _clock.Advance(lostAt - lease * 2 / 3);
        await Poll.UntilAsync(() => grain.Renewals == 1 && _clock.PendingTimers == 1, Patience, "the renewal to be sent and bounded");

        _clock.Advance(lease * 2 / 3 - TimeSpan.FromMilliseconds(1));
        Assert.False(handle.HandleLost.IsCancellationRequested, "lost while the lease still had time left");

        // The grain frees the lock at `lease`; the handle gives it up by `lostAt`, though the renewal still has not answered.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => handle.HandleLost.IsCancellationRequested, Patience, "HandleLost at the margin before the lease's end");
        Assert.True(_clock.GetUtcNow() < handle.ExpiresAt, "HandleLost fired only after the grain's lease ended");
    }

    [Fact]
    public async Task A_wait_longer_than_the_lease_does_not_shorten_the_handles_lease()
    {
        var lease = TimeSpan.FromSeconds(5);
        var grain = new FakeLockGrain
        {
            OnAcquire = (_, calls) =>
            {
                if (calls > 0)
                {
                    return Granted(lease);
                }

                // Queued behind a holder for twice the lease, then granted by the next call.
                _clock.Advance(2 * lease);
                return Task.FromResult(LockAcquireResult.Queued(0));
            },
        };

        await using var handle = await Locks(grain).AcquireAsync("fake", lease, TimeSpan.FromSeconds(30),
            new LockHandleOptions { AutoRenew = false });

        Assert.False(handle.HandleLost.IsCancellationRequested, "lost at once: the lease was counted from before the wait");
        await ParkedAsync("the lease watch");
        _clock.Advance(lease - Margin(lease) - TimeSpan.FromMilliseconds(1));
        Assert.False(handle.HandleLost.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => handle.HandleLost.IsCancellationRequested, Patience, "HandleLost once the lease ran out");
    }

    [Fact]
    public async Task A_try_once_acquire_whose_call_failed_after_being_granted_returns_that_grant()
    {
        var lease = TimeSpan.FromSeconds(30);
        var grain = new FakeLockGrain
        {
            // The first call is granted at the grain, but its answer is lost (the call times out at the caller).
            OnAcquire = (_, calls) => calls == 0 ? Task.FromException<LockAcquireResult>(new TimeoutException("lost answer")) : Granted(lease),
        };

        var acquiring = Locks(grain).TryAcquireAsync("fake", lease);
        await ParkedAsync("the pause before the follow-up call");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await using var handle = await acquiring;

        Assert.NotNull(handle);
        Assert.Equal(2, grain.Requests.Count);
        Assert.Equal(grain.Requests[0].WaiterId, grain.Requests[1].WaiterId);
        Assert.Equal(TimeSpan.Zero, grain.Requests[1].Wait);
    }

    [Fact]
    public async Task A_try_once_acquire_makes_only_one_follow_up_call_before_reporting_the_failure()
    {
        var grain = new FakeLockGrain { OnAcquire = (_, _) => Task.FromException<LockAcquireResult>(new TimeoutException("silo hung")) };

        var acquiring = Locks(grain).TryAcquireAsync("fake", TimeSpan.FromSeconds(30));
        await ParkedAsync("the pause before the follow-up call");
        _clock.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => acquiring);
        Assert.Equal(2, grain.Requests.Count);
    }

    /// <summary>How early the handle gives a lease up, as documented: a tenth of it, at most 1 s.</summary>
    private static TimeSpan Margin(TimeSpan lease) => lease / 10;

    private LockClient Locks(FakeLockGrain grain) =>
        new(FakeGrainFactory.For(grain), _clock, NullLogger<LockHandle>.Instance);

    private Task<LockAcquireResult> Granted(TimeSpan lease) => Task.FromResult(LockAcquireResult.Granted(FakeLockGrain.Grant(lease, _clock)));

    private Task ParkedAsync(string what) => Poll.UntilAsync(() => _clock.PendingTimers > 0, Patience, what);
}
