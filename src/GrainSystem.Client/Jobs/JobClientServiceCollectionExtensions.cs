using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Client.Jobs;

/// <summary>Registration of the jobs client.</summary>
public static class JobClientServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IJobClient"/> (needs an <see cref="IGrainFactory"/>: an Orleans client or a co-hosted silo).</summary>
    public static IServiceCollection AddJobClient(this IServiceCollection services)
    {
        services.TryAddSingleton<IJobClient, JobClient>();
        return services;
    }
}
