namespace GrainSystem.Abstractions.Caching;

/// <summary>The condition of a <c>SET</c> (NX, XX) or of an <c>EXPIRE</c> (NX, XX, GT, LT) in a <see cref="CacheBatch"/>.</summary>
public enum CacheOperationCondition
{
    /// <summary>Unconditional.</summary>
    None = 0,

    /// <summary>NX: <c>SET</c> only when the key is absent; <c>EXPIRE</c> only when the key has no expiry.</summary>
    IfAbsent = 1,

    /// <summary>XX: <c>SET</c> only when the key exists; <c>EXPIRE</c> only when the key has an expiry.</summary>
    IfExists = 2,

    /// <summary>GT (<c>EXPIRE</c> only): only when the new expiry is later than the current one (no expiry counts as infinite).</summary>
    IfGreater = 3,

    /// <summary>LT (<c>EXPIRE</c> only): only when the new expiry is earlier than the current one (no expiry counts as infinite).</summary>
    IfLess = 4,
}
