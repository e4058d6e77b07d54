using GrainSystem.Abstractions.Caching;
using GrainSystem.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GrainSystem.Grains.Caching;

/// <summary>Silo-side registration of the Caching feature.</summary>
public static class CachingSiloBuilderExtensions
{
    /// <summary>
    /// Cache options (section <c>Cache</c>, validated at start), the silo's memory budget and meter, the
    /// write-through store, and with Redis the check that the partition count matches the cluster's.
    /// </summary>
    public static ISiloBuilder AddGrainSystemCaching(this ISiloBuilder silo, IConfiguration configuration)
    {
        var hasRedis = RedisSettings.From(configuration) is not null;
        silo.Services.AddCacheOptions(configuration, hasRedis);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<CacheMemoryBudget>();
        silo.Services.TryAddSingleton<CacheMetrics>();
        silo.Services.TryAddSingleton<CacheRedisStore>();
        if (hasRedis)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CachePartitionCountGuard>();
        }

        return silo;
    }

    /// <summary>Binds and validates <see cref="CacheOptions"/>; an unset <c>WriteThrough</c> becomes "whether Redis is configured".</summary>
    public static IServiceCollection AddCacheOptions(this IServiceCollection services, IConfiguration configuration, bool hasRedis)
    {
        services.AddOptions<CacheOptions>()
            .Bind(configuration.GetSection(CacheOptions.SectionName))
            .PostConfigure(o => o.WriteThrough ??= hasRedis)
            .ValidateDataAnnotations()
            .Validate(o => o.WriteThrough != true || hasRedis,
                "Cache:WriteThrough (Cache__WriteThrough) is true but ConnectionStrings:Redis is not set: write-through needs Redis.")
            .ValidateOnStart();
        return services;
    }
}
