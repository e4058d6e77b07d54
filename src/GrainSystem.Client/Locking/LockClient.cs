using GrainSystem.Abstractions.Locking;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace GrainSystem.Client.Locking;

/// <summary>The <see cref="ILockClient"/> of an Orleans client or a co-hosted silo.</summary>
public sealed class LockClient(IGrainFactory grains, TimeProvider clock, ILogger<LockHandle> logger) : ILockClient
{
    private static readonly LockHandleOptions Defaults = new();
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc/>
    public Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken = default) =>
        AcquireAsync(name, lease, wait, Defaults, cancellationToken);

    /// <inheritdoc/>
    public async Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default)
    {
        var (handle, busy) = await AcquireHandleAsync(name, lease, wait, options, cancellationToken);
        return handle ?? throw new LockTimeoutException(name, busy!);
    }

    /// <inheritdoc/>
    public Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        TryAcquireAsync(name, lease, wait, Defaults, cancellationToken);

    /// <inheritdoc/>
    public async Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
        CancellationToken cancellationToken = default) =>
        (await AcquireHandleAsync(name, lease, wait, options, cancellationToken)).Handle;

    /// <inheritdoc/>
    public async Task<LockAcquireResult> AcquireGrantAsync(string name, string owner, TimeSpan lease, TimeSpan wait,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return await AcquireGrantAsync(name, new LockAcquireRequest(Guid.NewGuid(), owner, lease, wait), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<LockAcquireResult> AcquireGrantAsync(string name, LockAcquireRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckArguments(name, request.Lease, request.Wait);
        ArgumentNullException.ThrowIfNull(request.Owner);
        return (await WaitAsync(Lock(name), request, cancellationToken)).Result;
    }

    /// <inheritdoc/>
    public Task<LockRenewResult> RenewAsync(string name, string token, TimeSpan lease) => Lock(name).Renew(token, lease);

    /// <inheritdoc/>
    public Task<LockReleaseResult> ReleaseAsync(string name, string token) => Lock(name).Release(token);

    /// <inheritdoc/>
    public Task<LockInfo> InspectAsync(string name) => Lock(name).Inspect();

    private ILockGrain Lock(string name) => grains.GetGrain<ILockGrain>(name);

    private async Task<(LockHandle? Handle, LockAcquireResult? Busy)> AcquireHandleAsync(string name, TimeSpan lease, TimeSpan wait,
        LockHandleOptions options, CancellationToken cancellationToken)
    {
        CheckArguments(name, lease, wait);
        if (options.MaxHoldTime is { } maxHold)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxHold, TimeSpan.Zero);
        }

        var grain = Lock(name);
        var owner = options.Owner ?? $"{Environment.MachineName}:{Environment.ProcessId}";

        // The handle counts its lease from when the call that was granted left, so its idea of the lease end is never
        // later than the grain's, however long the wait before it was.
        var (result, sentAt) = await WaitAsync(grain, new LockAcquireRequest(Guid.NewGuid(), owner, lease, wait), cancellationToken);
        return result.Status switch
        {
            LockAcquireStatus.Granted => (new LockHandle(grain, result.Grant!, lease, sentAt, options, clock, logger), null),
            LockAcquireStatus.Busy => (null, result),
            _ => throw new InvalidOperationException($"Unexpected acquire result {result.Status}."),
        };
    }

    /// <summary>
    /// The wait loop of <see cref="AcquireGrantAsync(string, LockAcquireRequest, CancellationToken)"/> (see there), for
    /// <paramref name="acquisition"/> whose <see cref="LockAcquireRequest.Wait"/> is the whole wait, also giving when (a
    /// timestamp of <c>clock</c>) the call that may have produced the answer was sent: the first call after the last one
    /// that answered <see cref="LockAcquireStatus.Queued"/>. A grant's lease cannot have started before then.
    /// </summary>
    private async Task<(LockAcquireResult Result, long SentAt)> WaitAsync(ILockGrain grain, LockAcquireRequest acquisition,
        CancellationToken cancellationToken)
    {
        var wait = acquisition.Wait;
        var started = clock.GetTimestamp();
        long? sentAt = null;
        var followedUp = false;
        while (true)
        {
            var remaining = wait - clock.GetElapsedTime(started);
            var request = acquisition with { Wait = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero };

            // Kept across a failed call: that call may be the one that was granted, and the retry returns its grant.
            sentAt ??= clock.GetTimestamp();
            try
            {
                var result = await grain.Acquire(request, cancellationToken);
                if (result.Status != LockAcquireStatus.Queued)
                {
                    return (result, sentAt.Value);
                }

                sentAt = null;
            }
            catch (Exception exception) when (IsTransient(exception) && (!followedUp || wait - clock.GetElapsedTime(started) > RetryPause))
            {
                // With no wait left, only one follow-up: it answers with the grant if the failed call was granted, else busy.
                followedUp |= wait - clock.GetElapsedTime(started) <= RetryPause;
                await Task.Delay(RetryPause, clock, cancellationToken);
            }
        }
    }

    private static void CheckArguments(string name, TimeSpan lease, TimeSpan wait)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, LockLimits.MaxNameLength, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, LockLimits.MinLease);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lease, LockLimits.MaxLease);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, LockLimits.MaxWait);
    }

    /// <summary>Failures of the path to the lock, not of the request: worth another call while the wait lasts.</summary>
    private static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
            or GatewayTooBusyException or TimeoutException or InconsistentStateException;
}
