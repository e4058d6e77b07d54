using GrainSystem.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace GrainSystem.Api.Http;

/// <summary>The cross-cutting HTTP parts: problem details, API keys, body limits, OpenAPI.</summary>
public static class HttpPipelineExtensions
{
    public static WebApplicationBuilder AddGrainSystemHttp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Never leak exception details, whatever the environment.
            c.ProblemDetails.Extensions.Remove("exception");
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed bodies and parameters throw BadHttpRequestException, which becomes a 400 problem
        // whose detail says what could not be read.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddSingleton<ApiKeys>();
        services.AddAuthentication();
        services.AddTransient<ApiKeyAuthenticationHandler>();
        services.AddSingleton<IConfigureOptions<AuthenticationOptions>, AuthenticationSetup>();
        services.AddAuthorization();
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Authorization.AuthorizationOptions>, AuthorizationSetup>();


        services.AddOpenApi();
        var health = services.AddHealthChecks().AddGrainSystemReadiness();
        // Embedded, readiness waits for the warm-up too: the first load after "ready" meets compiled hot paths. A cluster
        // client warms nothing up: it would write to the shared key space and hold readiness back while the cluster is
        // degraded, which is exactly when a restarted API is needed.
        if (builder.Configuration.GetStorageBackend() == GrainSystem.Grains.StorageBackend.Embedded)
        {
            services.AddSingleton<WarmUp>();
            services.AddHostedService(sp => sp.GetRequiredService<WarmUp>());
            health.Add(new HealthCheckRegistration("warm-up", sp => sp.GetRequiredService<WarmUp>(), HealthStatus.Unhealthy, ["ready"]));
        }

        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        return builder;
    }

    public static WebApplication UseGrainSystemHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(DashboardExtensions.GuardAsync);
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<ClusterConnectionMiddleware>();
        return app;
    }

    public static WebApplication MapGrainSystemDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("GrainSystem API"));
        app.MapGrainSystemHealth();
        return app;
    }
}
