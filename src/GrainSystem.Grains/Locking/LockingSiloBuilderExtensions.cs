using Microsoft.Extensions.Configuration;

namespace GrainSystem.Grains.Locking;

/// <summary>Silo-side registration of the Locking feature.</summary>
public static class LockingSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainSystemLocking(this ISiloBuilder silo, IConfiguration configuration)
    {
        _ = configuration;
        return silo;
    }
}
