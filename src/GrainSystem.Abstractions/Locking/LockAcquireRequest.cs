namespace GrainSystem.Abstractions.Locking;

/// <summary>A request to take a lock.</summary>
/// <param name="WaiterId">
/// Chosen by the caller once per acquisition (a new <see cref="Guid"/>) and repeated on every call of its wait loop:
/// it keeps the caller's place in the queue between calls and makes a retried call (same waiter id and owner label) return
/// the same grant, owner token included, so treat it as a secret. <see cref="Guid.Empty"/> is refused.
/// </param>
/// <param name="Owner">A label for the holder, shown to others (inspect, busy answers); not a secret.</param>
/// <param name="Lease">How long the grant lasts unless renewed.</param>
/// <param name="Wait">How much longer the caller is willing to wait, counted from this call; zero = try once.</param>
/// <param name="RequestHash">
/// For a request made under an <c>Idempotency-Key</c> (whose waiter id is then derived from the key): a fingerprint of
/// the whole request, the same on every call of its wait loop and on every retry. The grant is remembered with it for
/// <paramref name="RememberFor"/>, and a later call with the same waiter id gets that grant again (also after it was
/// released, or at another activation after a failover) or, with another fingerprint,
/// <see cref="LockAcquireStatus.KeyReused"/>. Null for other requests. At most 128 characters.
/// </param>
/// <param name="RememberFor">How long a grant made for <paramref name="RequestHash"/> is remembered (at most a day).</param>
[GenerateSerializer, Immutable]
public sealed record LockAcquireRequest(
    [property: Id(0)] Guid WaiterId,
    [property: Id(1)] string Owner,
    [property: Id(2)] TimeSpan Lease,
    [property: Id(3)] TimeSpan Wait,
    [property: Id(4)] string? RequestHash = null,
    [property: Id(5)] TimeSpan RememberFor = default);
