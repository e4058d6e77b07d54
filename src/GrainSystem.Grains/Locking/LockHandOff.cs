using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// Hands a lock on: ends a lapsed lease, drops waiters that went away, and grants the lock to the first waiter when it
/// is free and that waiter's call is waiting. Runs under the grain's gate, so at most one grant is being written at a time.
/// </summary>
internal sealed class LockHandOff(LockGrantStore grants, LockWaiterQueue queue, LockOptions options, ILogger logger)
{
    /// <summary>The waiter whose grant is being written right now, if any: its calls wait for that write instead of answering queued.</summary>
    public LockWaiter? Granting { get; private set; }

    /// <summary>
    /// Hands the lock on as of <paramref name="now"/>. <paramref name="mustWrite"/>: the caller changed state that must be
    /// stored even when nobody is granted (a grant's write stores it too).
    /// </summary>
    public async Task RunAsync(string name, DateTimeOffset now, bool mustWrite)
    {
        var lapsed = grants.EndLapsedGrant(now);
        if (lapsed is not null)
        {
            LockGrainLog.Expired(logger, name, lapsed.Owner, lapsed.FencingToken);
        }

        queue.RemoveGone(now, options.WaiterGrace);
        if (grants.LiveHolder(now) is null && queue.First is { Call: { } call } next)
        {
            queue.Remove(next);
            Granting = next;
            try
            {
                var grant = await grants.GrantAsync(name, next, now);
                LockGrainLog.Granted(logger, name, grant.Owner, grant.FencingToken, grant.ExpiresAt);
                queue.HandToRetryOf(next, grant);
                call.TrySetResult(grant);
            }
            catch (Exception exception)
            {
                call.TrySetException(exception);
                throw;
            }
            finally
            {
                Granting = null;
            }
        }
        else if (mustWrite)
        {
            await grants.WriteAsync();
        }
        else if (lapsed is not null)
        {
            await StoreLapseAsync(name);
        }
    }

    /// <summary>
    /// Stores that the lease ended, so the lock's next activation does not hold the lapsed grant for a grace period. Best
    /// effort: the lock is free in memory either way, and a stored grant is only ever held longer, never shorter.
    /// </summary>
    private async Task StoreLapseAsync(string name)
    {
        try
        {
            await grants.WriteAsync();
        }
        catch (Exception exception) when (exception is not Orleans.Storage.InconsistentStateException)
        {
            LockGrainLog.LapseNotStored(logger, name, exception);
        }
    }
}
