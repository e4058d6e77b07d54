using System.Net;
using GrainSystem.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace GrainSystem.Api.Http;

/// <summary>
/// Serves the Orleans Dashboard under <see cref="RoutePrefix"/>. With API keys it needs one like every route;
/// without keys it answers only callers on this machine (loopback), never the world.
/// </summary>
public static class DashboardExtensions
{
    public const string RoutePrefix = "/dashboard";

    /// <summary>Maps the dashboard's routes, unless <c>Dashboard:Enabled</c> is false (then they answer 404).</summary>
    public static WebApplication MapGrainSystemDashboard(this WebApplication app)
    {
        if (app.Configuration.IsDashboardEnabled())
        {
            app.MapOrleansDashboard(routePrefix: RoutePrefix);
        }

        return app;
    }

    /// <summary>Placed after authentication and authorization, before the endpoints; other routes pass straight through.</summary>
    internal static Task GuardAsync(HttpContext context, RequestDelegate next) =>
        context.Request.Path.StartsWithSegments(RoutePrefix) ? GuardDashboardAsync(context, next) : next(context);

    private static Task GuardDashboardAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items.ContainsKey(ApiKeyAuthenticationHandler.RedirectWithoutKey))
        {
            context.Response.Redirect(ApiKeyAuthenticationHandler.AddressWithoutKey(context.Request));
            return Task.CompletedTask;
        }

        var api = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        if (!api.AuthenticationEnabled && !IsLoopback(context.Connection.RemoteIpAddress))
        {
            return Problems.Write(context, StatusCodes.Status403Forbidden, "Forbidden",
                "Without API keys the dashboard answers only callers on this machine; configure Api:ApiKeys to open it.");
        }

        return next(context);
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
