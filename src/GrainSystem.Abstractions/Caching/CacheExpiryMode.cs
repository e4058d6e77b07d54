namespace GrainSystem.Abstractions.Caching;

/// <summary>How an operation of a <see cref="CacheBatch"/> changes a key's expiry.</summary>
public enum CacheExpiryMode
{
    /// <summary>No expiry: the default of <c>SET</c>; <c>PERSIST</c> for <c>GETEX</c>.</summary>
    Persist = 0,

    /// <summary>Keep the key's expiry (absolute and sliding): <c>KEEPTTL</c>, or <c>GETEX</c> without options.</summary>
    Keep = 1,

    /// <summary><see cref="CacheOperation.ExpiryMs"/> milliseconds from now (<c>EX</c>/<c>PX</c>, <c>EXPIRE</c>/<c>PEXPIRE</c>); more than 0.</summary>
    After = 2,

    /// <summary>At <see cref="CacheOperation.ExpiryMs"/> Unix milliseconds (<c>EXAT</c>/<c>PXAT</c>, <c>EXPIREAT</c>/<c>PEXPIREAT</c>).</summary>
    At = 3,
}
