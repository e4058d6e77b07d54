using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Client.Locking;

/// <summary>Registration of the .NET lock API.</summary>
public static class LocksServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IGrainSystemLocks"/> for an app that is an Orleans client of GrainSystem (or co-hosts a silo):
    /// it needs <see cref="IGrainFactory"/> in the container.
    /// </summary>
    public static IServiceCollection AddGrainSystemLocks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainSystemLocks, GrainSystemLocks>();
        return services;
    }
}
