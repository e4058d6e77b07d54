using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Client.Locking;

/// <summary>Registration of the lock client.</summary>
public static class LockClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILockClient"/> for an app that is an Orleans client of GrainSystem (or co-hosts a silo):
    /// it needs <see cref="IGrainFactory"/> in the container.
    /// </summary>
    public static IServiceCollection AddLockClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILockClient, LockClient>();
        return services;
    }
}
