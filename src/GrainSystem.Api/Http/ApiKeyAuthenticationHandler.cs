using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// Authenticates a request by its <c>X-Api-Key</c> header. Browsers cannot send a header to the dashboard, so
/// <c>/dashboard/?apiKey=…</c> with a valid key sets an HttpOnly cookie holding a keyed hash of the key (never the
/// key itself) and redirects to the same address without the key, keeping it out of history and access logs.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string CookieName = "grainsystem-dashboard";
    public const string DashboardQueryKey = "apiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers[HeaderName].ToString();
        if (header.Length > 0)
        {
            return Task.FromResult(keys.Accepts(header) ? Success() : AuthenticateResult.Fail("The API key is not valid."));
        }

        if (!Request.Path.StartsWithSegments(DashboardExtensions.RoutePrefix))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var fromQuery = Request.Query[DashboardQueryKey].ToString();
        if (fromQuery.Length > 0)
        {
            if (!keys.Accepts(fromQuery))
            {
                return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
            }

            Response.Cookies.Append(CookieName, keys.CookieFor(fromQuery), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = Request.IsHttps,
                Path = DashboardExtensions.RoutePrefix,
            });
            Context.Items[RedirectWithoutKey] = true;
            return Task.FromResult(Success());
        }

        var cookie = Request.Cookies[CookieName];
        return Task.FromResult(cookie is null ? AuthenticateResult.NoResult()
            : keys.AcceptsCookie(cookie) ? Success() : AuthenticateResult.Fail("The dashboard cookie is not valid."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = SchemeName;
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            $"A valid API key is required in the {HeaderName} header.");
    }

    /// <summary>Marks a dashboard request that carried the key in its query: it is answered with a redirect.</summary>
    internal static readonly object RedirectWithoutKey = new();

    /// <summary>The request's address without the <c>apiKey</c> query parameter.</summary>
    internal static string AddressWithoutKey(HttpRequest request)
    {
        var query = new QueryBuilder(request.Query
            .Where(q => !string.Equals(q.Key, DashboardQueryKey, StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
        return request.PathBase + request.Path + query.ToQueryString();
    }

    private AuthenticateResult Success()
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
