using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Client.Events;

/// <summary>Registers <see cref="IEventBus"/> for an Orleans client or a co-hosted silo.</summary>
public static class EventsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IEventBus"/>; subscriber settings from <c>Events</c> in <paramref name="configuration"/> when given.</summary>
    public static IServiceCollection AddGrainSystemEvents(this IServiceCollection services, IConfiguration? configuration = null,
        Action<EventBusOptions>? configure = null)
    {
        var options = services.AddOptions<EventBusOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(EventBusOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IEventBus, EventBus>();
        return services;
    }
}
