using GrainSystem.Abstractions.Locking;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Client.Locking;

/// <summary>The <see cref="IGrainSystemLocks"/> of an Orleans client or a co-hosted silo.</summary>
public sealed class GrainSystemLocks(IGrainFactory grains, TimeProvider clock, ILogger<LockHandle> logger) : IGrainSystemLocks
{
    private static readonly LockHandleOptions Defaults = new();

    public Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken = default) =>
        AcquireAsync(name, lease, wait, Defaults, cancellationToken);

    public async Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default)
    {
        var (handle, busy) = await AcquireCoreAsync(name, lease, wait, options, cancellationToken);
        return handle ?? throw new LockTimeoutException(name, busy!);
    }

    public Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        TryAcquireAsync(name, lease, wait, Defaults, cancellationToken);

    public async Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default) =>
        (await AcquireCoreAsync(name, lease, wait, options, cancellationToken)).Handle;

    public Task<LockInfo> InspectAsync(string name) => grains.GetGrain<ILockGrain>(name).Inspect();

    private async Task<(LockHandle? Handle, LockAcquireResult? Busy)> AcquireCoreAsync(string name, TimeSpan lease, TimeSpan wait,
        LockHandleOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, LockLimits.MaxNameLength, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, LockLimits.MinLease);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lease, LockLimits.MaxLease);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, LockLimits.MaxWait);
        if (options.MaxHoldTime is { } maxHold)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxHold, TimeSpan.Zero);
        }

        var grain = grains.GetGrain<ILockGrain>(name);
        var owner = options.Owner ?? $"{Environment.MachineName}:{Environment.ProcessId}";

        // The handle counts its lease from when the call that was granted left, so its idea of the lease end is never
        // later than the grain's, however long the wait before it was.
        var (result, sentAt) = await LockGrainExtensions.AcquireAsync(grain, owner, lease, wait, clock, cancellationToken);
        return result.Status switch
        {
            LockAcquireStatus.Granted => (new LockHandle(grain, result.Grant!, lease, sentAt, options, clock, logger), null),
            LockAcquireStatus.Busy => (null, result),
            _ => throw new InvalidOperationException($"Unexpected acquire result {result.Status}."),
        };
    }
}
