using System.Text;
using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Tests.Caching;

internal static class CacheTestKeys
{
    public static string Unique(string prefix) => $"{prefix}:{Guid.NewGuid():N}";

    public static CacheSetRequest Text(string value, CacheExpiration? expiration = null) => new()
    {
        Value = Encoding.UTF8.GetBytes(value),
        ContentType = "text/plain",
        Expiration = expiration ?? CacheExpiration.None,
    };
}
