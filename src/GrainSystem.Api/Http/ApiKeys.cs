using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// The configured API keys, compared in constant time. Dashboard cookies hold an HMAC of a key under a secret
/// made at start-up, so a cookie never reveals a key and stops working when the process restarts.
/// </summary>
internal sealed class ApiKeys(IOptions<ApiOptions> options)
{
    private readonly byte[] _cookieSecret = RandomNumberGenerator.GetBytes(32);

    public bool Accepts(string presented)
    {
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var accepted = false;
        foreach (var key in options.Value.ApiKeys)
        {
            // No early exit, so timing says nothing about which key (or how much of one) matched.
            accepted |= CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key));
        }

        return accepted;
    }

    public string CookieFor(string key) => Convert.ToHexString(HMACSHA256.HashData(_cookieSecret, Encoding.UTF8.GetBytes(key)));

    public bool AcceptsCookie(string cookie)
    {
        var presented = Encoding.UTF8.GetBytes(cookie);
        var accepted = false;
        foreach (var key in options.Value.ApiKeys)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(CookieFor(key)));
        }

        return accepted;
    }
}
