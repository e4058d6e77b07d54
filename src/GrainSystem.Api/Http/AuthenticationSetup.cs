using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// With API keys configured the API-key scheme is the default one; without keys there is no scheme at all, so authentication
/// makes no handler per request and every request is anonymous (nothing requires a user then).
/// </summary>
internal sealed class AuthenticationSetup(IOptions<ApiOptions> api) : IConfigureOptions<AuthenticationOptions>
{
    public void Configure(AuthenticationOptions options)
    {
        if (api.Value.AuthenticationEnabled)
        {
            options.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
            options.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName;
        }
    }
}
