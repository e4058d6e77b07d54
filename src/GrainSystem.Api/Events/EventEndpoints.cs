namespace GrainSystem.Api.Events;

/// <summary>HTTP routes of the Events feature.</summary>
public static class EventEndpoints
{
    /// <summary>Services the Events routes need on the API side.</summary>
    public static IServiceCollection AddEventApi(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app) => app;
}
