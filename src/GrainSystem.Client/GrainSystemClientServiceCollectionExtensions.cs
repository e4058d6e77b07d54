using GrainSystem.Client.Caching;
using GrainSystem.Client.Events;
using GrainSystem.Client.Jobs;
using GrainSystem.Client.Locking;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Client;

/// <summary>Registration of the whole .NET client surface.</summary>
public static class GrainSystemClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the four façades — <see cref="ICacheClient"/> (and <see cref="GrainSystemDistributedCache"/> as the
    /// app's <c>IDistributedCache</c>), <see cref="ILockClient"/>, <see cref="IJobClient"/> and <see cref="IEventClient"/> — with their
    /// settings from configuration. Needs an <see cref="IGrainFactory"/> in the container: an Orleans client
    /// (<c>UseOrleansClient</c>) or a co-hosted silo (<c>UseOrleans</c>).
    /// </summary>
    public static IServiceCollection AddGrainSystemClient(this IServiceCollection services) =>
        services
            .AddCacheClient()
            .AddLockClient()
            .AddJobClient()
            .AddEventClient();
}
