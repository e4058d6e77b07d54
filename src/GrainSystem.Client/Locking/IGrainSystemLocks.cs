using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Client.Locking;

/// <summary>
/// Distributed locks for .NET code, shaped like Medallion's DistributedLock:
/// <c>await using var handle = await locks.AcquireAsync("name", lease, wait, ct);</c>.
/// </summary>
public interface IGrainSystemLocks
{
    /// <summary>Acquires <paramref name="name"/>, waiting up to <paramref name="wait"/>; throws <see cref="LockTimeoutException"/> when the wait ends first.</summary>
    Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="AcquireAsync(string, TimeSpan, TimeSpan, CancellationToken)"/>
    Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default);

    /// <summary>Acquires <paramref name="name"/>, waiting up to <paramref name="wait"/> (zero = try once); null when the wait ends first.</summary>
    Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait = default, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="TryAcquireAsync(string, TimeSpan, TimeSpan, CancellationToken)"/>
    Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default);

    /// <summary>The lock's public state.</summary>
    Task<LockInfo> InspectAsync(string name);
}
