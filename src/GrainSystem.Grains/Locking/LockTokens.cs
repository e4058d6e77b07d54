using System.Security.Cryptography;
using System.Text;
using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>Owner tokens: 128 random bits, stored only as their SHA-256 and compared in constant time.</summary>
internal static class LockTokens
{
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    public static bool Matches(string? token, string storedHash) =>
        LockLimits.IsWellFormedToken(token)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token!)), Encoding.ASCII.GetBytes(storedHash));
}
