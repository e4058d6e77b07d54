using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Client.Caching;

/// <summary>Registration of the cache's .NET API.</summary>
public static class CacheClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICacheClient"/>, and <see cref="GrainSystemDistributedCache"/> as the app's
    /// <see cref="IDistributedCache"/>, with <see cref="CacheOptions"/> bound from the <c>Cache</c> section (the
    /// partition count must match the silos'). Needs an <see cref="IGrainFactory"/>: an Orleans client or a co-hosted silo.
    /// </summary>
    public static IServiceCollection AddCacheClient(this IServiceCollection services)
    {
        services.AddOptions<CacheOptions>()
            .BindConfiguration(CacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICacheClient, CacheClient>();
        services.TryAddSingleton<GrainSystemDistributedCache>();
        services.Replace(ServiceDescriptor.Singleton<IDistributedCache>(sp => sp.GetRequiredService<GrainSystemDistributedCache>()));
        return services;
    }
}
