using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Client.Locking;

/// <summary>
/// Distributed locks for .NET code, in two forms over the same locks.
/// <list type="bullet">
/// <item>Handles, shaped like Medallion's DistributedLock (<see cref="AcquireAsync(string, TimeSpan, TimeSpan, CancellationToken)"/>,
/// <see cref="TryAcquireAsync(string, TimeSpan, TimeSpan, CancellationToken)"/>): the handle renews its lease in the
/// background, signals <see cref="LockHandle.HandleLost"/> and releases the lock when disposed:
/// <c>await using var handle = await locks.AcquireAsync("name", lease, wait, ct);</c>.</item>
/// <item>Grants (<see cref="AcquireGrantAsync(string, string, TimeSpan, TimeSpan, CancellationToken)"/>, <see cref="RenewAsync"/>, <see cref="ReleaseAsync"/>): the lock's own
/// operations on an owner token, for a caller that keeps the lease itself (the HTTP API).</item>
/// </list>
/// <see cref="InspectAsync"/> serves both.
/// </summary>
public interface ILockClient
{
    /// <summary>
    /// Acquires <paramref name="name"/> for a handle, waiting up to <paramref name="wait"/>; throws
    /// <see cref="LockTimeoutException"/> when the wait ends first.
    /// </summary>
    Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="AcquireAsync(string, TimeSpan, TimeSpan, CancellationToken)"/>
    Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Acquires <paramref name="name"/> for a handle, waiting up to <paramref name="wait"/> (zero = try once); null when
    /// the wait ends first.
    /// </summary>
    Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait = default, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="TryAcquireAsync(string, TimeSpan, TimeSpan, CancellationToken)"/>
    Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Acquires <paramref name="name"/> for <paramref name="owner"/>, waiting up to <paramref name="wait"/> (zero = try
    /// once) in the lock's first-come first-served queue, and returns the grant itself: renewing and releasing it is the
    /// caller's job (<see cref="RenewAsync"/>, <see cref="ReleaseAsync"/>).
    /// </summary>
    /// <remarks>
    /// Each grain call waits a bounded slice (inside the response timeout); the next call repeats the same waiter id, which
    /// keeps the place in the queue, until the lock is granted or the wait is over. While wait time is left, a call lost to
    /// a failing silo, or failed by a stale duplicate activation of the lock (which grants nothing and deactivates), is
    /// retried: the lock's current activation queues the waiter afresh, and a retry that reaches the activation that
    /// already granted it gets the same grant. A call that failed that way may have been granted even when no wait time is
    /// left (a try-once acquire): one more call with the same waiter id and no wait follows it, so such a grant is returned
    /// rather than left orphaned until its lease ends.
    /// </remarks>
    /// <returns>
    /// <see cref="LockAcquireStatus.Granted"/> with the grant, or <see cref="LockAcquireStatus.Busy"/> with the holder
    /// when the wait ended first (never <see cref="LockAcquireStatus.Queued"/>).
    /// </returns>
    Task<LockAcquireResult> AcquireGrantAsync(string name, string owner, TimeSpan lease, TimeSpan wait,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="AcquireGrantAsync(string, string, TimeSpan, TimeSpan, CancellationToken)"/>, for a
    /// <paramref name="request"/> whose waiter id the caller chose (a new random <see cref="Guid"/>, or one derived from an
    /// <c>Idempotency-Key</c> together with <see cref="LockAcquireRequest.RequestHash"/>) and whose
    /// <see cref="LockAcquireRequest.Wait"/> is the whole wait. Calling it again with the same request returns the grant
    /// the first call got, if it got one (see <see cref="LockAcquireRequest"/>).
    /// </summary>
    /// <returns>
    /// <see cref="LockAcquireStatus.Granted"/>, <see cref="LockAcquireStatus.Busy"/>, or <see cref="LockAcquireStatus.KeyReused"/>
    /// when the waiter id was used by another request (never <see cref="LockAcquireStatus.Queued"/>).
    /// </returns>
    Task<LockAcquireResult> AcquireGrantAsync(string name, LockAcquireRequest request, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of the grant of <paramref name="name"/> holding <paramref name="token"/> to <paramref name="lease"/> from now.</summary>
    /// <returns>
    /// <see cref="LockRenewStatus.Renewed"/>, or <see cref="LockRenewStatus.NotOwner"/> for a wrong, stale or expired token
    /// (nothing changes: the lock is lost).
    /// </returns>
    Task<LockRenewResult> RenewAsync(string name, string token, TimeSpan lease);

    /// <summary>Releases the grant of <paramref name="name"/> holding <paramref name="token"/>; the next waiter gets the lock at once.</summary>
    /// <returns>
    /// <see cref="LockReleaseStatus.Released"/>, or <see cref="LockReleaseStatus.NotOwner"/> for a wrong, stale or expired
    /// token (nothing changes).
    /// </returns>
    Task<LockReleaseResult> ReleaseAsync(string name, string token);

    /// <summary>The public state of lock <paramref name="name"/>: never its owner token.</summary>
    Task<LockInfo> InspectAsync(string name);
}
