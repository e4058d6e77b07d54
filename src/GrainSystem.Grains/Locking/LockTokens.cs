using System.Security.Cryptography;
using System.Text;
using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// Owner tokens: 128 bits derived from a random per-grant salt and the caller's secret waiter id, stored only as their
/// SHA-256 and compared in constant time. Derived rather than drawn so that the activation that serves a retry of the
/// granted call (also after a failover) can give the same token back without the token ever being stored.
/// </summary>
internal static class LockTokens
{
    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The owner token of the grant with <paramref name="salt"/> to the waiter <paramref name="waiterId"/>.</summary>
    public static string Derive(string salt, Guid waiterId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"lock-token:{salt}:{waiterId:N}")).AsSpan(0, 16));

    public static string HashWaiter(Guid waiterId) => Hash($"waiter:{waiterId:N}");

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    public static bool Matches(string? token, string storedHash) =>
        LockLimits.IsWellFormedToken(token)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token!)), Encoding.ASCII.GetBytes(storedHash));
}
