using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Abstractions.Caching;

/// <summary>
/// Settings of the cache (section <c>Cache</c>), bound by the silo, the API and the .NET client alike so
/// that all of them cut the key space the same way.
/// </summary>
public sealed class CacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cache";

    /// <summary>Largest key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 512;

    /// <summary>Longest idempotency key of an increment, in characters (visible ASCII).</summary>
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>Longest time to live or sliding window.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(30);

    /// <summary>Partitions of the key space; fixed for a cluster (with Redis, stored at first start).</summary>
    [Range(1, 65536, ErrorMessage = "Cache:Partitions (Cache__Partitions) must be between {1} and {2}.")]
    public int Partitions { get; set; } = 256;

    /// <summary>Largest value, in bytes.</summary>
    [Range(1, 64 * 1024 * 1024, ErrorMessage = "Cache:MaxValueBytes (Cache__MaxValueBytes) must be between {1} and {2}.")]
    public int MaxValueBytes { get; set; } = 1024 * 1024;

    /// <summary>Cache memory per silo, in MiB, before least-recently-used entries are evicted.</summary>
    [Range(1, 1024 * 1024, ErrorMessage = "Cache:MaxMemoryMB (Cache__MaxMemoryMB) must be between {1} and {2}.")]
    public int MaxMemoryMB { get; set; } = 512;

    /// <summary>
    /// Acknowledge writes only once Redis stored them; unset means "true when Redis is configured".
    /// Setting it to true without <c>ConnectionStrings:Redis</c> is an error.
    /// </summary>
    public bool? WriteThrough { get; set; }

    /// <summary>
    /// With write-through, how long a partition's owner may answer reads from memory after it last confirmed, in Redis, that
    /// it still owns the partition (it confirms every third of this). A new owner waits out its predecessor's lease (plus a
    /// quarter for clock-rate differences) before serving, so this is part of the failover time after a silo dies.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.2", "00:00:30", ErrorMessage = "Cache:OwnershipLease (Cache__OwnershipLease) must be between {1} and {2}.")]
    public TimeSpan OwnershipLease { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the first outcome of an increment sent with an idempotency key is remembered: a retry with the same key within
    /// this time answers that outcome and changes nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cache:IdempotencyRetention (Cache__IdempotencyRetention) must be between {1} and {2}.")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromMinutes(10);
}
