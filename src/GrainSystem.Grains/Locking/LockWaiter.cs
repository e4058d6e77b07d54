using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>A queued caller. Lives only in the activation's memory: a waiter is a call in flight (or between two calls of its loop).</summary>
internal sealed class LockWaiter(Guid id)
{
    public Guid Id { get; } = id;

    public string Owner { get; private set; } = "";

    public TimeSpan Lease { get; private set; }

    /// <summary>The fingerprint of the request when made under an <c>Idempotency-Key</c>, else null.</summary>
    public string? RequestHash { get; private set; }

    /// <summary>How long its grant is remembered when it has a <see cref="RequestHash"/>.</summary>
    public TimeSpan RememberFor { get; private set; }

    /// <summary>When this waiter gives up (the activation's clock).</summary>
    public DateTimeOffset Deadline { get; private set; }

    /// <summary>Completed with the grant when this waiter's turn comes, while one of its calls is waiting; null between calls.</summary>
    public TaskCompletionSource<LockGrant>? Call { get; private set; }

    /// <summary>
    /// When its last call answered <see cref="LockAcquireStatus.Queued"/>; the place is kept for a grace period after it.
    /// Null while a call is waiting.
    /// </summary>
    public DateTimeOffset? DetachedAt { get; private set; }

    /// <summary>Whether <paramref name="request"/> is a call of this waiter's own request (same owner and fingerprint).</summary>
    public bool IsSameRequest(LockAcquireRequest request) => Owner == request.Owner && RequestHash == request.RequestHash;

    /// <summary>
    /// Starts one call of this waiter's loop: the call's owner label, lease and remaining wait apply from now on, and the
    /// call waits on the returned completion (the same one as a call of this waiter still waiting, if any).
    /// </summary>
    public TaskCompletionSource<LockGrant> Attach(LockAcquireRequest request, DateTimeOffset now)
    {
        Owner = request.Owner;
        Lease = request.Lease;
        RequestHash = request.RequestHash;
        RememberFor = request.RememberFor;
        Deadline = now + request.Wait;
        DetachedAt = null;
        return Call ??= new TaskCompletionSource<LockGrant>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Ends <paramref name="call"/> without a grant; the waiter keeps its place for the grace period. False when a later
    /// call of this waiter took over meanwhile (it is still waiting).
    /// </summary>
    public bool Detach(TaskCompletionSource<LockGrant> call, DateTimeOffset now)
    {
        if (Call != call)
        {
            return false;
        }

        Call = null;
        DetachedAt = now;
        return true;
    }

    /// <summary>Whether this waiter, between two calls, has gone: past its deadline, or not back within <paramref name="grace"/>.</summary>
    public bool IsGone(DateTimeOffset now, TimeSpan grace) => Call is null && (Deadline <= now || DetachedAt + grace <= now);

    /// <summary>When this waiter, between two calls, goes (its deadline or the end of its grace); null while a call waits.</summary>
    public DateTimeOffset? LapsesAt(TimeSpan grace) =>
        DetachedAt is { } detached ? (Deadline < detached + grace ? Deadline : detached + grace) : null;
}
