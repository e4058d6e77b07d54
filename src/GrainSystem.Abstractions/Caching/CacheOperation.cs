namespace GrainSystem.Abstractions.Caching;

/// <summary>
/// One operation of a <see cref="CacheBatch"/>: its <see cref="Kind"/>, its key and the arguments the kind reads. The static
/// methods build each kind with the arguments it takes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CacheOperation
{
    /// <summary>What the operation does.</summary>
    [Id(0)] public required CacheOperationKind Kind { get; init; }

    /// <summary>The key; every key of a batch belongs to the same partition.</summary>
    [Id(1)] public required string Key { get; init; }

    /// <summary>The bytes of <see cref="CacheOperationKind.Set"/> and <see cref="CacheOperationKind.Append"/> (never changed after the call).</summary>
    [Id(2)] public byte[]? Value { get; init; }

    /// <summary>The signed amount of <see cref="CacheOperationKind.Increment"/>.</summary>
    [Id(3)] public long Delta { get; init; }

    /// <summary>How <see cref="CacheOperationKind.Set"/>, <see cref="CacheOperationKind.GetExpire"/> and <see cref="CacheOperationKind.Expire"/> change the expiry.</summary>
    [Id(4)] public CacheExpiryMode Expiry { get; init; }

    /// <summary>Milliseconds (<see cref="CacheExpiryMode.After"/>) or Unix milliseconds (<see cref="CacheExpiryMode.At"/>).</summary>
    [Id(5)] public long ExpiryMs { get; init; }

    /// <summary>NX|XX of <see cref="CacheOperationKind.Set"/>; NX|XX|GT|LT of <see cref="CacheOperationKind.Expire"/>.</summary>
    [Id(6)] public CacheOperationCondition Condition { get; init; }

    /// <summary>SET's GET option: the result carries the previous value (null when there was none).</summary>
    [Id(7)] public bool ReturnPrevious { get; init; }

    /// <summary>The media type a <see cref="CacheOperationKind.Set"/> stores (as HTTP's <c>Content-Type</c>); null is <c>application/octet-stream</c>.</summary>
    [Id(8)] public string? ContentType { get; init; }

    /// <summary><c>GET key</c>.</summary>
    public static CacheOperation Get(string key) => new() { Kind = CacheOperationKind.Get, Key = key };

    /// <summary><c>SET key value</c> with its options (no expiry by default, as in Redis).</summary>
    public static CacheOperation Set(string key, byte[] value, CacheExpiryMode expiry = CacheExpiryMode.Persist, long expiryMs = 0,
        CacheOperationCondition condition = CacheOperationCondition.None, bool returnPrevious = false) => new()
        {
            Kind = CacheOperationKind.Set,
            Key = key,
            Value = value,
            Expiry = expiry,
            ExpiryMs = expiryMs,
            Condition = condition,
            ReturnPrevious = returnPrevious,
        };

    /// <summary><c>GETDEL key</c>.</summary>
    public static CacheOperation GetDelete(string key) => new() { Kind = CacheOperationKind.GetDelete, Key = key };

    /// <summary><c>GETEX key</c> with its expiry option (<see cref="CacheExpiryMode.Keep"/>: none).</summary>
    public static CacheOperation GetExpire(string key, CacheExpiryMode expiry = CacheExpiryMode.Keep, long expiryMs = 0) =>
        new() { Kind = CacheOperationKind.GetExpire, Key = key, Expiry = expiry, ExpiryMs = expiryMs };

    /// <summary><c>APPEND key value</c>.</summary>
    public static CacheOperation Append(string key, byte[] value) => new() { Kind = CacheOperationKind.Append, Key = key, Value = value };

    /// <summary><c>STRLEN key</c>.</summary>
    public static CacheOperation Length(string key) => new() { Kind = CacheOperationKind.Length, Key = key };

    /// <summary><c>INCRBY key delta</c>.</summary>
    public static CacheOperation Increment(string key, long delta) => new() { Kind = CacheOperationKind.Increment, Key = key, Delta = delta };

    /// <summary><c>DEL key</c>.</summary>
    public static CacheOperation Delete(string key) => new() { Kind = CacheOperationKind.Delete, Key = key };

    /// <summary><c>EXISTS key</c>.</summary>
    public static CacheOperation Exists(string key) => new() { Kind = CacheOperationKind.Exists, Key = key };

    /// <summary><c>PEXPIRE key ms</c> (<see cref="CacheExpiryMode.After"/>) or <c>PEXPIREAT key unix-ms</c> (<see cref="CacheExpiryMode.At"/>), with NX|XX|GT|LT.</summary>
    public static CacheOperation Expire(string key, CacheExpiryMode expiry, long expiryMs, CacheOperationCondition condition = CacheOperationCondition.None) =>
        new() { Kind = CacheOperationKind.Expire, Key = key, Expiry = expiry, ExpiryMs = expiryMs, Condition = condition };

    /// <summary><c>PERSIST key</c>.</summary>
    public static CacheOperation Persist(string key) => new() { Kind = CacheOperationKind.Persist, Key = key };

    /// <summary><c>PTTL key</c>.</summary>
    public static CacheOperation TimeToLive(string key) => new() { Kind = CacheOperationKind.TimeToLive, Key = key };

    /// <summary><c>PEXPIRETIME key</c>.</summary>
    public static CacheOperation ExpireTime(string key) => new() { Kind = CacheOperationKind.ExpireTime, Key = key };

    /// <summary>The key's version (0 when absent), for a later <see cref="CacheBatch.Watches"/>.</summary>
    public static CacheOperation Version(string key) => new() { Kind = CacheOperationKind.Version, Key = key };
}
