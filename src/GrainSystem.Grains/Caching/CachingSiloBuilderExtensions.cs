using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Grains.Caching;

/// <summary>Silo-side registration of the Caching feature.</summary>
public static class CachingSiloBuilderExtensions
{
    /// <summary>
    /// Cache options (section <c>Cache</c>, validated at start; an unset <c>WriteThrough</c> becomes "whether the backend
    /// is Redis"), the silo's memory budget and meter, the write-through store, the hot reads a co-hosted client answers from
    /// this silo's memory (<see cref="ICacheLocalReads"/>), and with Redis the checks that the
    /// partition count matches the cluster's and that the cache data in Redis is in this version's layout.
    /// </summary>
    public static ISiloBuilder AddGrainSystemCaching(this ISiloBuilder silo, StorageBackend backend)
    {
        var services = silo.Services;
        services.AddOptions<CacheOptions>()
            .BindConfiguration(CacheOptions.SectionName)
            .PostConfigure(o => o.WriteThrough ??= backend.IsRedis)
            .ValidateDataAnnotations()
            .Validate(o => o.WriteThrough != true || backend.IsRedis,
                "Cache:WriteThrough (Cache__WriteThrough) is true but ConnectionStrings:Redis is not set: write-through needs Redis.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<CacheMemoryBudget>();
        services.TryAddSingleton<CacheMetrics>();
        services.TryAddSingleton<CacheRedisStore>();
        services.TryAddSingleton<CacheLocalReads>();
        services.TryAddSingleton<ICacheLocalReads>(sp => sp.GetRequiredService<CacheLocalReads>());
        if (backend.IsRedis)
        {
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CachePartitionCountGuard>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CacheLayoutGuard>();
        }

        return silo;
    }
}
