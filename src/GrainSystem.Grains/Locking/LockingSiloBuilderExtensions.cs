using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Grains.Locking;

/// <summary>Silo-side registration of the Locking feature.</summary>
public static class LockingSiloBuilderExtensions
{
    /// <summary>
    /// Lock options (section <c>Locks</c>, validated at start) and the clock leases run on: the silo's
    /// <see cref="TimeProvider"/>, unless one is registered for the key <see cref="LockOptions.SectionName"/> (a test
    /// giving each silo's locks a clock of their own).
    /// </summary>
    public static ISiloBuilder AddGrainSystemLocking(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<LockOptions>()
            .BindConfiguration(LockOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddKeyedSingleton<TimeProvider>(LockOptions.SectionName,
            static (services, _) => services.GetRequiredService<TimeProvider>());
        return silo;
    }
}
