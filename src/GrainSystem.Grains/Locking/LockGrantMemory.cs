using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// How a lock answers a call that repeats a granted one: by its waiter id, whose hash every grant keeps, and, for a
/// call carrying an <c>Idempotency-Key</c>'s request fingerprint, by the grants remembered for that key's retention
/// (stored in the same write as the grant, so a grant and its memory never part). A remembered grant is answered as it
/// was made, even after it was released or its lease ended: the retry learns the outcome of its first call, and is
/// granted nothing a second time.
/// </summary>
internal static class LockGrantMemory
{
    /// <summary>Most grants a lock remembers; the oldest is forgotten first.</summary>
    public const int MaxRemembered = 64;

    /// <summary>
    /// The grant <paramref name="request"/> already got: for a keyed request the one remembered for its key, exactly as it
    /// was answered; otherwise <paramref name="live"/> when it was made for the request's waiter. A keyed request whose key
    /// was granted under another request is <see cref="LockAcquireStatus.KeyReused"/>. Null when the waiter was granted
    /// nothing.
    /// </summary>
    public static LockAcquireResult? Repeat(string name, LockAcquireRequest request, LockHolderState? live,
        List<LockHolderState> remembered)
    {
        var waiter = LockTokens.HashWaiter(request.WaiterId);
        var grant = (request.RequestHash is null ? null : remembered.FindLast(g => g.WaiterHash == waiter))
            ?? (live is { } holder && holder.WaiterHash == waiter ? holder : null);
        if (grant?.TokenSalt is not { } salt)
        {
            return null;
        }

        if (grant.RequestHash != request.RequestHash || grant.Owner != request.Owner)
        {
            return request.RequestHash is null ? null : LockAcquireResult.KeyReused();
        }

        return LockAcquireResult.Granted(ToGrant(name, grant, LockTokens.Derive(salt, request.WaiterId)));
    }

    /// <summary>
    /// The remembered grants after <paramref name="granted"/>: those whose retention has not ended by
    /// <paramref name="wallNow"/>, plus this one when it was made under a key, at most <see cref="MaxRemembered"/>.
    /// </summary>
    public static List<LockHolderState> Keep(List<LockHolderState> remembered, LockHolderState granted, TimeSpan rememberFor,
        DateTimeOffset wallNow)
    {
        var kept = remembered.Where(g => g.RememberUntil > wallNow).ToList();
        if (granted.RequestHash is not null && rememberFor > TimeSpan.Zero)
        {
            var copy = granted.Copy();
            copy.RememberUntil = wallNow + rememberFor;
            kept.Add(copy);
        }

        return kept.Count > MaxRemembered ? kept[^MaxRemembered..] : kept;
    }

    public static LockGrant ToGrant(string name, LockHolderState holder, string token) =>
        new(name, token, holder.FencingToken, holder.Owner, holder.ExpiresAt);
}
