using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Grains.Events;

/// <summary>Silo-side registration of the Events feature.</summary>
public static class EventsSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainSystemEvents(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<EventsOptions>()
            .Bind(configuration.GetSection(EventsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.AddSingleton<TopicLogFactory>();
        return silo;
    }
}
