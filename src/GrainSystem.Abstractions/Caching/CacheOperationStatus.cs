namespace GrainSystem.Abstractions.Caching;

/// <summary>Outcome of one operation of a <see cref="CacheBatch"/>.</summary>
public enum CacheOperationStatus
{
    /// <summary>Done: the reply is in <see cref="CacheOperationResult.Value"/> or <see cref="CacheOperationResult.Number"/> (see the kind).</summary>
    Ok = 0,

    /// <summary>Redis's nil reply: the key is absent (reads), or a <c>SET</c>'s NX|XX condition did not hold (nothing changed).</summary>
    Nil = 1,

    /// <summary>An increment of a value that is not a decimal 64-bit integer; nothing changed.</summary>
    NotAnInteger = 2,

    /// <summary>An increment whose result would not fit a signed 64-bit integer; nothing changed.</summary>
    Overflow = 3,

    /// <summary>An <c>APPEND</c> whose result would exceed <c>Cache:MaxValueBytes</c>; nothing changed.</summary>
    TooLarge = 4,
}
