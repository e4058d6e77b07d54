using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>With API keys configured every route needs one (health routes opt out); without keys, none does.</summary>
internal sealed class AuthorizationSetup(IOptions<ApiOptions> api) : IConfigureOptions<AuthorizationOptions>
{
    public void Configure(AuthorizationOptions options)
    {
        if (api.Value.AuthenticationEnabled)
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().Build();
        }
    }
}
