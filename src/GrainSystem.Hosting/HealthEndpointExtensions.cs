using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Hosting;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the cluster answers), for the API and silos.</summary>
public static class HealthEndpointExtensions
{
    private const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddGrainSystemReadiness(this IHealthChecksBuilder builder) =>
        builder.AddCheck<ClusterReadinessHealthCheck>("cluster", tags: [ReadyTag]);

    public static IEndpointRouteBuilder MapGrainSystemHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) })
            .AllowAnonymous();
        return app;
    }
}
