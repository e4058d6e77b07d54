using Microsoft.Extensions.Configuration;

namespace GrainSystem.Grains.Events;

/// <summary>Silo-side registration of the Events feature.</summary>
public static class EventsSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainSystemEvents(this ISiloBuilder silo, IConfiguration configuration)
    {
        _ = configuration;
        return silo;
    }
}
