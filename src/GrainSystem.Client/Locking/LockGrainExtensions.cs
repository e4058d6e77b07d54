using System.Diagnostics;
using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Client.Locking;

/// <summary>The wait loop over <see cref="ILockGrain.Acquire"/>, shared by the .NET lock API and the HTTP API.</summary>
public static class LockGrainExtensions
{
    /// <summary>
    /// Acquires <paramref name="grain"/>, waiting up to <paramref name="wait"/> in its first-come first-served queue.
    /// Each grain call waits a bounded slice (inside the response timeout); this loop calls again with the same waiter
    /// id, which keeps the place in the queue, until the lock is granted or the wait is over.
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
            var result = await grain.Acquire(request, cancellationToken);
            if (result is not LockQueued)
            {
                return result;
            }
        }
    }
}
