namespace GrainSystem.Api.Caching;

/// <summary>HTTP routes of the Caching feature.</summary>
public static class CacheEndpoints
{
    /// <summary>Services the Caching routes need on the API side.</summary>
    public static IServiceCollection AddCacheApi(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    public static IEndpointRouteBuilder MapCacheEndpoints(this IEndpointRouteBuilder app) => app;
}
