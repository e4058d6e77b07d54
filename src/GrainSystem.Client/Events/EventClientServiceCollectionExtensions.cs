using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainSystem.Client.Events;

/// <summary>Registers <see cref="IEventClient"/> for an Orleans client or a co-hosted silo.</summary>
public static class EventClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEventClient"/>, with subscriber settings bound from the <c>Events</c> section and then
    /// <paramref name="configure"/>. Needs an <see cref="IGrainFactory"/>: an Orleans client or a co-hosted silo.
    /// </summary>
    public static IServiceCollection AddEventClient(this IServiceCollection services, Action<EventsOptions>? configure = null)
    {
        var options = services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IEventClient, EventClient>();
        return services;
    }
}
