using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Grains.Locking;

/// <summary>Silo-side registration of the Locking feature.</summary>
public static class LockingSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainSystemLocking(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<LockOptions>()
            .Bind(configuration.GetSection(LockOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }
}
