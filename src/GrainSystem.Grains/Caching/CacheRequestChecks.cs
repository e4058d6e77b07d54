using System.Text;
using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The bounds a partition enforces on every request, whoever sent it: an argument outside them is a caller's bug
/// (the HTTP API and the client check the same bounds first) and fails the call with <see cref="ArgumentException"/>.
/// </summary>
internal sealed class CacheRequestChecks(CacheOptions options, TimeProvider time)
{
    /// <summary>Slack over 30 days for the clock difference between the caller, which computed the expiry, and this silo.</summary>
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>Throws unless <paramref name="key"/> is 1 to 512 UTF-8 bytes and belongs to <paramref name="partition"/>.</summary>
    public void Key(string key, int partition)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);

        // Every character takes at least one UTF-8 byte, so a longer key is too long whatever it holds; a shorter
        // one is encoded once, for both its length and its partition.
        if (key.Length > CacheOptions.MaxKeyBytes)
        {
            throw KeyTooLong();
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        if (length > CacheOptions.MaxKeyBytes)
        {
            throw KeyTooLong();
        }

        var owner = CachePartitioner.PartitionOf(utf8[..length], options.Partitions);
        if (owner != partition)
        {
            throw new ArgumentException(
                $"The key belongs to partition {owner} of {options.Partitions}, not {partition}: the caller's Cache:Partitions differs from the silo's.",
                nameof(key));
        }

        static ArgumentException KeyTooLong() => new($"A key has at most {CacheOptions.MaxKeyBytes} UTF-8 bytes.", "key");
    }

    /// <summary>
    /// Throws unless every key of <paramref name="batch"/> belongs to <paramref name="partition"/> and every operation's
    /// arguments are within the cache's bounds (those Redis would refuse with an error included).
    /// </summary>
    public void Batch(CacheBatch batch, int partition)
    {
        ArgumentNullException.ThrowIfNull(batch.Operations, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Watches, nameof(batch));
        if (batch.Operations.Length > CacheBatch.MaxOperations)
        {
            throw new ArgumentException($"A batch carries at most {CacheBatch.MaxOperations} operations.", nameof(batch));
        }

        foreach (var watch in batch.Watches)
        {
            Key(watch.Key, partition);
        }

        foreach (var operation in batch.Operations)
        {
            Key(operation.Key, partition);
            Operation(operation);
        }
    }

    private void Operation(CacheOperation operation)
    {
        if (!Enum.IsDefined(operation.Kind) || !Enum.IsDefined(operation.Expiry) || !Enum.IsDefined(operation.Condition))
        {
            throw new ArgumentException($"Unknown kind, expiry mode or condition in the operation on '{operation.Key}'.", nameof(operation));
        }

        if (operation.Kind is CacheOperationKind.Set or CacheOperationKind.Append
            && (operation.Value is null || operation.Value.Length > options.MaxValueBytes))
        {
            throw new ArgumentException($"A {operation.Kind} carries a value of at most {options.MaxValueBytes} bytes (Cache:MaxValueBytes).", nameof(operation));
        }

        var condition = operation.Condition;
        var conditionFits = operation.Kind switch
        {
            CacheOperationKind.Set => condition is CacheOperationCondition.None or CacheOperationCondition.IfAbsent or CacheOperationCondition.IfExists,
            CacheOperationKind.Expire => true,
            _ => condition == CacheOperationCondition.None,
        };
        if (!conditionFits)
        {
            throw new ArgumentException($"A {operation.Kind} takes no condition {condition}.", nameof(operation));
        }

        if (operation.Kind is CacheOperationKind.Set or CacheOperationKind.GetExpire or CacheOperationKind.Expire)
        {
            Expiry(operation);
        }
    }

    /// <summary>
    /// SET and GETEX need a time in the future or after at least 1 ms (Redis refuses others as invalid); EXPIRE accepts any,
    /// a time not in the future deleting the key. Neither may reach more than 30 days ahead.
    /// </summary>
    private void Expiry(CacheOperation operation)
    {
        var ms = operation.ExpiryMs;
        var strict = operation.Kind != CacheOperationKind.Expire;
        var fits = operation.Expiry switch
        {
            CacheExpiryMode.After => (!strict || ms >= 1) && ms <= (long)CacheOptions.MaxTimeToLive.TotalMilliseconds,
            CacheExpiryMode.At => (!strict || ms >= 1)
                && ms <= (time.GetUtcNow() + CacheOptions.MaxTimeToLive + ClockSkewAllowance).ToUnixTimeMilliseconds(),
            CacheExpiryMode.Keep => operation.Kind != CacheOperationKind.Expire,
            _ => operation.Kind != CacheOperationKind.Expire,
        };
        if (!fits)
        {
            throw new ArgumentException($"The expiry of the {operation.Kind} on '{operation.Key}' is not valid: a time to live is at least 1 ms " +
                "and at most 30 days, an expiry time at most 30 days ahead.", nameof(operation));
        }
    }

    /// <summary>Throws unless the write's condition, value size and expiry are within the cache's bounds.</summary>
    public void Request(CacheSetRequest request)
    {
        if (!Enum.IsDefined(request.Condition))
        {
            throw new ArgumentException($"Unknown write condition {(int)request.Condition}.", nameof(request));
        }

        if (request.Value.Length > options.MaxValueBytes)
        {
            throw new ArgumentException($"The value has {request.Value.Length} bytes; Cache:MaxValueBytes is {options.MaxValueBytes}.", nameof(request));
        }

        // Windows are kept in whole milliseconds: a shorter one would truncate to 0, which means "never expires".
        if (request.Expiration.SlidingExpiration is { } sliding && (sliding < TimeSpan.FromMilliseconds(1) || sliding > CacheOptions.MaxTimeToLive))
        {
            throw new ArgumentException("A sliding window is at least 1 ms and at most 30 days.", nameof(request));
        }

        if (request.Expiration.AbsoluteExpiration is { } absolute && absolute > time.GetUtcNow() + CacheOptions.MaxTimeToLive + ClockSkewAllowance)
        {
            throw new ArgumentException("An absolute expiry is at most 30 days away.", nameof(request));
        }
    }
}
