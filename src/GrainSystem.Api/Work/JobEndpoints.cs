namespace GrainSystem.Api.Work;

/// <summary>HTTP routes of the Work feature.</summary>
public static class JobEndpoints
{
    /// <summary>Services the Work routes need on the API side.</summary>
    public static IServiceCollection AddJobApi(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app) => app;
}
