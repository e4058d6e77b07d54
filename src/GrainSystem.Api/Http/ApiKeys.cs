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

    public bool Accepts(string presented) => MatchesAnyKey(presented, key => key);

    public string CookieFor(string key) => Convert.ToHexString(HMACSHA256.HashData(_cookieSecret, Encoding.UTF8.GetBytes(key)));

    public bool AcceptsCookie(string cookie) => MatchesAnyKey(cookie, CookieFor);

    /// <summary>
    /// Compares <paramref name="presented"/> with <paramref name="expected"/> of every configured key in constant
    /// time, with no early exit, so timing says nothing about which key (or how much of one) matched.
    /// </summary>
    private bool MatchesAnyKey(string presented, Func<string, string> expected)
    {
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var accepted = false;
        foreach (var key in options.Value.ApiKeys)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(expected(key)));
        }

        return accepted;
    }
}
