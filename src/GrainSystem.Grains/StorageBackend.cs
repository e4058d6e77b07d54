using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;

namespace GrainSystem.Grains;

/// <summary>
/// Where a silo keeps what outlives an activation (grain state, reminders, cache write-through, event retention):
/// in its own memory (embedded, one process) or in Redis (a cluster). The host decides it once, from
/// <c>ConnectionStrings:Redis</c>; the features receive it instead of reading configuration themselves.
/// </summary>
public sealed record StorageBackend
{
    private StorageBackend(ConfigurationOptions? redisConfiguration) => RedisConfiguration = redisConfiguration;

    /// <summary>Everything in the silo's memory: nothing survives the process.</summary>
    public static StorageBackend Embedded { get; } = new(redisConfiguration: null);

    /// <summary>Redis, reached with <paramref name="configuration"/>.</summary>
    public static StorageBackend Redis(ConfigurationOptions configuration) => new(configuration);

    /// <summary>The Redis connection settings; null when embedded. Use <see cref="CloneRedisConfiguration"/> to connect.</summary>
    public ConfigurationOptions? RedisConfiguration { get; }

    [MemberNotNullWhen(true, nameof(RedisConfiguration))]
    public bool IsRedis => RedisConfiguration is not null;

    /// <summary>
    /// A copy of the Redis settings for one connection or provider: <see cref="ConfigurationOptions"/> is mutable and a
    /// connection keeps the instance it was given, so none is shared.
    /// </summary>
    public ConfigurationOptions CloneRedisConfiguration() =>
        RedisConfiguration?.Clone() ?? throw new InvalidOperationException("The storage backend is embedded: there is no Redis to connect to.");

    /// <summary>Names the backend and its endpoints, never the connection string (it may carry a password).</summary>
    public override string ToString() =>
        IsRedis ? $"Redis ({string.Join(", ", RedisConfiguration.EndPoints)})" : "Embedded";
}
