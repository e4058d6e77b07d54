using Microsoft.Extensions.Configuration;

namespace GrainSystem.Grains.Work;

/// <summary>Silo-side registration of the Work feature.</summary>
public static class WorkSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainSystemWork(this ISiloBuilder silo, IConfiguration configuration)
    {
        _ = configuration;
        return silo;
    }
}
