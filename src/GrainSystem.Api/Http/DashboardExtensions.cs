using Orleans.Dashboard;

namespace GrainSystem.Api.Http;

/// <summary>Serves the Orleans Dashboard under <see cref="RoutePrefix"/>, behind the dashboard policy.</summary>
public static class DashboardExtensions
{
    public const string RoutePrefix = "/dashboard";

    public static WebApplication MapGrainSystemDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: RoutePrefix).RequireAuthorization(AuthorizationSetup.DashboardPolicy);
        return app;
    }
}
