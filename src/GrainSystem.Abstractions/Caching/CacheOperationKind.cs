namespace GrainSystem.Abstractions.Caching;

/// <summary>
/// What one operation of a <see cref="CacheBatch"/> does, with Redis's semantics for strings (the command each kind
/// serves is named; <see cref="CacheOperationResult"/> says which field carries the reply).
/// </summary>
public enum CacheOperationKind
{
    /// <summary><c>GET</c>: the value, or <see cref="CacheOperationStatus.Nil"/>. A read slides a sliding window.</summary>
    Get = 0,

    /// <summary>
    /// <c>SET</c> with its options: <see cref="CacheOperation.Expiry"/> (EX|PX|EXAT|PXAT|KEEPTTL; none removes the expiry),
    /// <see cref="CacheOperation.Condition"/> NX|XX (not applied: <see cref="CacheOperationStatus.Nil"/>) and
    /// <see cref="CacheOperation.ReturnPrevious"/> (GET: the previous value in <see cref="CacheOperationResult.Value"/>).
    /// </summary>
    Set = 1,

    /// <summary><c>GETDEL</c>: the value, then the key is deleted; <see cref="CacheOperationStatus.Nil"/> when absent.</summary>
    GetDelete = 2,

    /// <summary><c>GETEX</c>: the value, and the expiry changed as <see cref="CacheOperation.Expiry"/> says (Keep = no change, Persist = PERSIST).</summary>
    GetExpire = 3,

    /// <summary><c>APPEND</c>: appends <see cref="CacheOperation.Value"/> (creating the key when absent); the new length.</summary>
    Append = 4,

    /// <summary><c>STRLEN</c>: the value's length, 0 when absent.</summary>
    Length = 5,

    /// <summary><c>INCRBY</c>/<c>DECRBY</c>/<c>INCR</c>/<c>DECR</c>: adds <see cref="CacheOperation.Delta"/>; the new value. Keeps the expiry.</summary>
    Increment = 6,

    /// <summary><c>DEL</c>/<c>UNLINK</c> of one key: 1 when it existed, else 0.</summary>
    Delete = 7,

    /// <summary><c>EXISTS</c> of one key (and <c>TYPE</c>: "string" or "none"): 1 or 0.</summary>
    Exists = 8,

    /// <summary>
    /// <c>EXPIRE</c>/<c>PEXPIRE</c>/<c>EXPIREAT</c>/<c>PEXPIREAT</c> with NX|XX|GT|LT in <see cref="CacheOperation.Condition"/>: 1 when
    /// the expiry was set, 0 when the key is absent or the condition failed. A time not in the future deletes the key (1).
    /// </summary>
    Expire = 9,

    /// <summary><c>PERSIST</c>: 1 when an expiry was removed, else 0.</summary>
    Persist = 10,

    /// <summary><c>PTTL</c> (and <c>TTL</c>): milliseconds left, -1 without expiry, -2 when absent.</summary>
    TimeToLive = 11,

    /// <summary><c>PEXPIRETIME</c> (and <c>EXPIRETIME</c>): the expiry in Unix milliseconds, -1 without expiry, -2 when absent.</summary>
    ExpireTime = 12,

    /// <summary>The key's version, 0 when absent: what <c>WATCH</c> remembers (see <see cref="CacheBatch.Watches"/>).</summary>
    Version = 13,
}
