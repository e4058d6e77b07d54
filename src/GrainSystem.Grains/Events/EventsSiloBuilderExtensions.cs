using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Grains.Events;

/// <summary>Silo-side registration of the Events feature.</summary>
public static class EventsSiloBuilderExtensions
{
    /// <summary>Events options (section <c>Events</c>, validated at start) and where topics retain their events, per <paramref name="backend"/>.</summary>
    public static ISiloBuilder AddGrainSystemEvents(this ISiloBuilder silo, StorageBackend backend)
    {
        silo.Services.AddOptions<EventsOptions>()
            .BindConfiguration(EventsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.TryAddSingleton(backend);
        silo.Services.AddSingleton<TopicLogFactory>();
        return silo;
    }
}
