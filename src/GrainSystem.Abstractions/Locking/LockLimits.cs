namespace GrainSystem.Abstractions.Locking;

/// <summary>The bounds every lock entry point enforces (HTTP validation, the grain, the .NET client).</summary>
public static class LockLimits
{
    /// <summary>Shortest lease.</summary>
    public static readonly TimeSpan MinLease = TimeSpan.FromSeconds(1);

    /// <summary>Longest lease.</summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromHours(1);

    /// <summary>Longest wait for a lock.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>Longest owner label, in characters.</summary>
    public const int MaxOwnerLength = 256;

    /// <summary>Longest lock name, in characters.</summary>
    public const int MaxNameLength = 256;

    /// <summary>Longest request fingerprint of an idempotent acquire (<see cref="LockAcquireRequest.RequestHash"/>).</summary>
    public const int MaxRequestHashLength = 128;

    /// <summary>Longest time a grant made under an <c>Idempotency-Key</c> is remembered.</summary>
    public static readonly TimeSpan MaxRememberFor = TimeSpan.FromDays(1);

    /// <summary>Length of an owner token: 128 bits as lowercase hex.</summary>
    public const int TokenLength = 32;

    /// <summary>Whether <paramref name="token"/> has the shape of an owner token (32 lowercase hex digits).</summary>
    public static bool IsWellFormedToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
