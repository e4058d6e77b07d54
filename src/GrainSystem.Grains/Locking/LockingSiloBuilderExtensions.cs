using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Grains.Locking;

/// <summary>Silo-side registration of the Locking feature.</summary>
public static class LockingSiloBuilderExtensions
{
    /// <summary>Lock options (section <c>Locks</c>, validated at start) and the clock leases run on.</summary>
    public static ISiloBuilder AddGrainSystemLocking(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<LockOptions>()
            .BindConfiguration(LockOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }
}
