using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// With API keys configured every route needs one (health routes opt out). The dashboard is never open
/// to the world: without keys it answers only requests from this machine.
/// </summary>
internal sealed class AuthorizationSetup(IOptions<ApiOptions> api) : IConfigureOptions<AuthorizationOptions>
{
    public const string DashboardPolicy = "Dashboard";

    public void Configure(AuthorizationOptions options)
    {
        if (api.Value.AuthenticationEnabled)
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().Build();
            options.AddPolicy(DashboardPolicy, options.FallbackPolicy);
        }
        else
        {
            options.AddPolicy(DashboardPolicy, p => p.RequireAssertion(c =>
                c.Resource is HttpContext http && IsLocal(http.Connection.RemoteIpAddress)));
        }
    }

    // A null address is an in-process server (tests); anything else must be loopback.
    private static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);
}
