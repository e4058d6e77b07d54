using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Client.Jobs;

/// <summary>Registration of the jobs client.</summary>
public static class JobClientServiceCollectionExtensions
{
    /// <summary>Registers <see cref="JobClient"/> (needs an <see cref="IGrainFactory"/>: an Orleans client or a co-hosted silo).</summary>
    public static IServiceCollection AddGrainSystemJobs(this IServiceCollection services) =>
        services.AddSingleton<JobClient>();
}
