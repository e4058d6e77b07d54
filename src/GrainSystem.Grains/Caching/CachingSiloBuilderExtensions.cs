using Microsoft.Extensions.Configuration;

namespace GrainSystem.Grains.Caching;

/// <summary>Silo-side registration of the Caching feature.</summary>
public static class CachingSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainSystemCaching(this ISiloBuilder silo, IConfiguration configuration)
    {
        _ = configuration;
        return silo;
    }
}
