using GrainSystem.Abstractions.Locking;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace GrainSystem.Client.Locking;

/// <summary>The wait loop over <see cref="ILockGrain.Acquire"/>, shared by the .NET lock API and the HTTP API.</summary>
public static class LockGrainExtensions
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Acquires <paramref name="grain"/>, waiting up to <paramref name="wait"/> in its first-come first-served queue.
    /// Each grain call waits a bounded slice (inside the response timeout); this loop calls again with the same waiter
    /// id, which keeps the place in the queue, until the lock is granted or the wait is over. While wait time is left,
    /// a call lost to a failing silo, or failed by a stale duplicate activation of the lock (which grants nothing and
    /// deactivates), is retried: the lock's current activation queues the waiter afresh, and a retry that reaches the
    /// activation that already granted it gets the same grant. A call that failed that way may have been granted even
    /// when no wait time is left (a try-once acquire): one more call with the same waiter id and no wait follows it, so
    /// such a grant is returned rather than left orphaned until its lease ends.
    /// </summary>
    /// <returns><see cref="LockAcquireStatus.Granted"/> with the grant, or <see cref="LockAcquireStatus.Busy"/>.</returns>
    public static async Task<LockAcquireResult> AcquireAsync(this ILockGrain grain, string owner, TimeSpan lease, TimeSpan wait,
        CancellationToken cancellationToken = default) =>
        (await AcquireAsync(grain, owner, lease, wait, TimeProvider.System, cancellationToken)).Result;

    /// <summary>
    /// The wait loop of <see cref="AcquireAsync(ILockGrain, string, TimeSpan, TimeSpan, CancellationToken)"/>, also giving
    /// when (a <paramref name="clock"/> timestamp) the call that may have produced the answer was sent: the first call
    /// after the last one that answered <see cref="LockAcquireStatus.Queued"/>. A grant's lease cannot have started before then.
    /// </summary>
    internal static async Task<(LockAcquireResult Result, long SentAt)> AcquireAsync(ILockGrain grain, string owner, TimeSpan lease,
        TimeSpan wait, TimeProvider clock, CancellationToken cancellationToken)
    {
        var waiterId = Guid.NewGuid();
        var started = clock.GetTimestamp();
        long? sentAt = null;
        var followedUp = false;
        while (true)
        {
            var remaining = wait - clock.GetElapsedTime(started);
            var request = new LockAcquireRequest(waiterId, owner, lease, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);

            // Kept across a failed call: that call may be the one that was granted, and the retry returns its grant.
            sentAt ??= clock.GetTimestamp();
            try
            {
                var result = await grain.Acquire(request, cancellationToken);
                if (result.Status != LockAcquireStatus.Queued)
                {
                    return (result, sentAt.Value);
                }

                sentAt = null;
            }
            catch (Exception exception) when (IsTransient(exception) && (!followedUp || wait - clock.GetElapsedTime(started) > RetryPause))
            {
                // With no wait left, only one follow-up: it answers with the grant if the failed call was granted, else busy.
                followedUp |= wait - clock.GetElapsedTime(started) <= RetryPause;
                await Task.Delay(RetryPause, clock, cancellationToken);
            }
        }
    }

    /// <summary>Failures of the path to the lock, not of the request: worth another call while the wait lasts.</summary>
    private static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
            or GatewayTooBusyException or TimeoutException or InconsistentStateException;
}
