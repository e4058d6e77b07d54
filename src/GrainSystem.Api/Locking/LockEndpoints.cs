namespace GrainSystem.Api.Locking;

/// <summary>HTTP routes of the Locking feature.</summary>
public static class LockEndpoints
{
    /// <summary>Services the Locking routes need on the API side.</summary>
    public static IServiceCollection AddLockApi(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    public static IEndpointRouteBuilder MapLockEndpoints(this IEndpointRouteBuilder app) => app;
}
