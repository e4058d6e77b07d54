using System.Diagnostics;
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
    /// activation that already granted it gets the same grant.
    /// </summary>
    /// <returns>A <see cref="LockGrant"/> or a <see cref="LockBusy"/>.</returns>
    public static async Task<LockAcquireResult> AcquireAsync(this ILockGrain grain, string owner, TimeSpan lease, TimeSpan wait,
        CancellationToken cancellationToken = default)
    {
        var waiterId = Guid.NewGuid();
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var remaining = wait - Stopwatch.GetElapsedTime(started);
            var request = new LockAcquireRequest(waiterId, owner, lease, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            try
            {
                var result = await grain.Acquire(request, cancellationToken);
                if (result is not LockQueued)
                {
                    return result;
                }
            }
            catch (Exception exception) when (IsTransient(exception) && wait - Stopwatch.GetElapsedTime(started) > RetryPause)
            {
                await Task.Delay(RetryPause, cancellationToken);
            }
        }
    }

    /// <summary>Failures of the path to the lock, not of the request: worth another call while the wait lasts.</summary>
    private static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
            or GatewayTooBusyException or TimeoutException or InconsistentStateException;
}
