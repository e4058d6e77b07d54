using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// Authenticates a request by its <c>X-Api-Key</c> header. Browsers cannot send a header to the dashboard,
/// so <c>/dashboard/?apiKey=…</c> with a valid key sets an HttpOnly cookie that the dashboard's own requests carry.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiOptions> apiOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string CookieName = "grainsystem-api-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        var fromQuery = false;
        if (string.IsNullOrEmpty(presented) && Request.Path.StartsWithSegments(DashboardExtensions.RoutePrefix))
        {
            presented = Request.Query["apiKey"].ToString();
            fromQuery = presented.Length > 0;
            if (!fromQuery)
            {
                presented = Request.Cookies[CookieName] ?? "";
            }
        }

        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!IsAccepted(presented))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        if (fromQuery)
        {
            Response.Cookies.Append(CookieName, presented, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = Request.IsHttps,
                Path = DashboardExtensions.RoutePrefix,
            });
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = SchemeName;
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            $"A valid API key is required in the {HeaderName} header.");
    }

    private bool IsAccepted(string presented)
    {
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var accepted = false;
        foreach (var key in apiOptions.Value.ApiKeys)
        {
            // Constant-time comparison, and no early exit, so timing says nothing about the keys.
            accepted |= CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key));
        }

        return accepted;
    }
}
