using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Caching.Distributed;

namespace GrainSystem.Client.Caching;

/// <summary>
/// The GrainSystem cache as an <see cref="IDistributedCache"/> (absolute and sliding expiration) for sessions and
/// output caching, plus <see cref="GetOrCreateAsync"/>, which computes a missing value once across the whole cluster
/// under a stampede (fill leases). A thin adapter over <see cref="ICacheClient"/>.
/// </summary>
public sealed class GrainSystemDistributedCache(ICacheClient cache, TimeProvider time) : IDistributedCache
{
    /// <summary>How long a caller may take to compute a value in <see cref="GetOrCreateAsync"/> before the next waiter takes over.</summary>
    public static readonly TimeSpan DefaultFillLease = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The fill lease <see cref="GetOrCreateAsync"/> takes: how long a factory may run before the next waiter takes over.</summary>
    public TimeSpan FillLease { get; set; } = DefaultFillLease;

    /// <inheritdoc />
    /// <exception cref="CacheUnavailableException">The write-through storage could not be reached.</exception>
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="CacheUnavailableException">The write-through storage could not be reached.</exception>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var read = await cache.GetAsync(key, token);
        return read.Status switch
        {
            CacheReadStatus.Hit => read.Value,
            CacheReadStatus.Unavailable => throw Unavailable(key),
            _ => null,
        };
    }

    /// <inheritdoc />
    /// <exception cref="CacheUnavailableException">The write-through storage could not be reached.</exception>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="CacheUnavailableException">The write-through storage could not be reached.</exception>
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = await cache.SetAsync(key, new CacheSetRequest
        {
            Value = value,
            Expiration = ExpirationOf(options),
        }, token);
        if (result.Status is CacheWriteStatus.Unavailable or CacheWriteStatus.OutcomeUnknown)
        {
            throw Unavailable(key);
        }
    }

    /// <inheritdoc />
    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task RefreshAsync(string key, CancellationToken token = default) => await cache.RefreshAsync(key, token);

    /// <inheritdoc />
    /// <exception cref="CacheUnavailableException">The write-through storage could not be reached.</exception>
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="CacheUnavailableException">The write-through storage could not be reached.</exception>
    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        var result = await cache.DeleteAsync(key, null, token);
        if (result.Status is CacheDeleteStatus.Unavailable or CacheDeleteStatus.OutcomeUnknown)
        {
            throw Unavailable(key);
        }
    }

    /// <summary>
    /// The value of <paramref name="key"/>, computed by <paramref name="factory"/> on a miss. Under a stampede the
    /// factory runs once in the whole cluster: the first caller receives the key's fill lease and computes the
    /// value; the others wait for it. A caller whose factory fails releases the lease (the next waiter computes)
    /// and sees the exception; a caller that takes longer than <see cref="FillLease"/> loses the lease to the
    /// next waiter.
    /// </summary>
    /// <exception cref="CacheUnavailableException">The write-through storage could not be reached.</exception>
    public async Task<byte[]> GetOrCreateAsync(string key, Func<CancellationToken, Task<byte[]>> factory,
        DistributedCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Waits as long as fills take (each grain call is bounded); the caller's token ends the wait.
        var read = await cache.GetOrLeaseAsync(key, FillLease, Timeout.InfiniteTimeSpan, cancellationToken);
        return read.Status switch
        {
            CacheReadStatus.Hit => read.Value!,
            CacheReadStatus.FillLeaseGranted => await FillAsync(key, read.FillToken!, factory, options, cancellationToken),
            _ => throw Unavailable(key),
        };
    }

    /// <summary><see cref="GetOrCreateAsync"/> for a value stored as JSON (System.Text.Json, web defaults).</summary>
    public async Task<T> GetOrCreateAsync<T>(string key, Func<CancellationToken, Task<T>> factory,
        DistributedCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var bytes = await GetOrCreateAsync(key, async ct => JsonSerializer.SerializeToUtf8Bytes(await factory(ct), Json), options, cancellationToken);
        return JsonSerializer.Deserialize<T>(bytes, Json)!;
    }

    /// <summary><see cref="GetOrCreateAsync"/> for UTF-8 text.</summary>
    public async Task<string> GetOrCreateStringAsync(string key, Func<CancellationToken, Task<string>> factory,
        DistributedCacheEntryOptions? options = null, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await GetOrCreateAsync(key, async ct => Encoding.UTF8.GetBytes(await factory(ct)), options, cancellationToken));

    private async Task<byte[]> FillAsync(string key, string token, Func<CancellationToken, Task<byte[]>> factory,
        DistributedCacheEntryOptions? options, CancellationToken cancellationToken)
    {
        CacheWriteResult result;
        byte[] value;
        try
        {
            value = await factory(cancellationToken);
            result = await cache.SetAsync(key, new CacheSetRequest
            {
                Value = value,
                Expiration = options is null ? CacheExpiration.None : ExpirationOf(options),
                FillToken = token,
            });
        }
        catch
        {
            // The factory or the write failed: give the lease up so the next waiter computes, not after it lapses.
            await cache.ReleaseFillLeaseAsync(key, token);
            throw;
        }

        if (result.Status is CacheWriteStatus.Unavailable or CacheWriteStatus.OutcomeUnknown)
        {
            await cache.ReleaseFillLeaseAsync(key, token);
            throw Unavailable(key);
        }

        // PreconditionFailed: this caller's lease lapsed and the next holder's value stands; this value is still correct to return.
        return value;
    }

    private CacheExpiration ExpirationOf(DistributedCacheEntryOptions options)
    {
        var now = time.GetUtcNow();
        var absolute = options.AbsoluteExpiration;
        if (options.AbsoluteExpirationRelativeToNow is { } relative)
        {
            if (relative <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(options), relative, "The relative expiration value must be positive.");
            }

            absolute = now + relative;
        }

        if (absolute is { } at && at <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration value must be in the future.");
        }

        if (options.SlidingExpiration is { } sliding && sliding <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), sliding, "The sliding expiration value must be positive.");
        }

        return new CacheExpiration { AbsoluteExpiration = absolute, SlidingExpiration = options.SlidingExpiration };
    }

    private static CacheUnavailableException Unavailable(string key) =>
        new($"The cache could not reach its storage for key '{key}'; retry shortly.");
}
