using GrainSystem.Abstractions.Locking;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Client.Locking;

/// <summary>
/// A held lock, shaped like Medallion's <c>IDistributedSynchronizationHandle</c>: renews its lease in the background
/// (a third into each lease), tells you through <see cref="HandleLost"/> when the lock is no longer yours, and releases
/// it when disposed. Pass <see cref="FencingToken"/> to whatever the lock protects.
/// </summary>
public sealed partial class LockHandle : IAsyncDisposable, IDisposable
{
    private readonly ILockGrain _grain;
    private readonly string _token;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private int _disposed;

    internal LockHandle(ILockGrain grain, LockGrant grant, TimeSpan lease, long grantedAt, LockHandleOptions options,
        TimeProvider clock, ILogger logger)
    {
        _grain = grain;
        _token = grant.Token;
        _lease = lease;
        _clock = clock;
        _logger = logger;
        Name = grant.Name;
        FencingToken = grant.FencingToken;
        Owner = grant.Owner;
        ExpiresAt = grant.ExpiresAt;
        _renewal = KeepAsync(grantedAt, options);
    }

    /// <summary>The lock's name.</summary>
    public string Name { get; }

    /// <summary>Larger than every earlier grant's: give it to the protected resource, which rejects smaller ones.</summary>
    public long FencingToken { get; }

    /// <summary>The owner label of this grant.</summary>
    public string Owner { get; }

    /// <summary>The end of the lease as last granted or renewed (the lock's silo clock).</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>
    /// Cancelled when the lock is no longer held: a renewal was refused (the lock was taken away), the lease could not be
    /// renewed in time (failed renewals are retried while the lease lasts; one still pending is not waited for), or
    /// renewing stopped (<see cref="LockHandleOptions.MaxHoldTime"/>, no auto-renew) and the lease ran out. It fires a
    /// safety margin (a tenth of the lease, at most 1 s) before the lease's end as the handle counts it from the call that
    /// was granted, so before the lock can pass to anyone else. Stop touching the protected resource when it fires.
    /// </summary>
    public CancellationToken HandleLost => _lost.Token;

    /// <summary>Stops renewing and releases the lock (a lock already lost is left alone).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _renewal;
        if (_lost.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if ((await _grain.Release(_token)).Status == LockReleaseStatus.NotOwner)
            {
                LogReleaseRefused(_logger, Name, FencingToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The lease ends the grant anyway; an exception from DisposeAsync would hide the caller's own.
            LogReleaseFailed(_logger, Name, FencingToken, exception);
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Renews a third into each lease until disposed, lost, or past the maximum hold time; then watches the lease run out.</summary>
    /// <remarks>
    /// <see cref="HandleLost"/> fires no later than <see cref="SafetyMargin"/> before the lease's end as this handle counts
    /// it, whether or not a renewal is still pending: every renewal's wait is bounded by that moment, so a renewal hung on
    /// an unresponsive silo (which may answer only after the response timeout) cannot keep the handle believing it holds
    /// a lock the grain has already freed.
    /// </remarks>
    private async Task KeepAsync(long grantedAt, LockHandleOptions options)
    {
        // Local, monotonic, and started when the call that produced the grant was sent: never later than the grain's own
        // lease end. HandleLost fires a margin earlier still, for clock-rate differences and the callback's own delay.
        var lostAt = _clock.GetElapsedTime(0, grantedAt) + _lease - SafetyMargin(_lease);
        var holdEnd = options.MaxHoldTime is { } maxHold ? _clock.GetElapsedTime(0, grantedAt) + maxHold : TimeSpan.MaxValue;
        try
        {
            while (options.AutoRenew)
            {
                // Renew a third into the lease, as etcd's keep-alive does: two thirds of it are left to retry a failure.
                var renewAt = lostAt - _lease * 2 / 3;
                if (renewAt >= holdEnd)
                {
                    break;
                }

                await Task.Delay(Positive(renewAt - Now()), _clock, _stop.Token);
                var sent = Now();
                var renewal = _grain.Renew(_token, _lease);
                try
                {
                    // Waiting past lostAt would be waiting while the grain may already have given the lock to someone else.
                    var renewed = await renewal.WaitAsync(Positive(lostAt - sent), _clock, _stop.Token);
                    switch (renewed.Status)
                    {
                        case LockRenewStatus.Renewed:
                            lostAt = sent + _lease - SafetyMargin(_lease);
                            ExpiresAt = renewed.ExpiresAt!.Value;
                            continue;
                        case LockRenewStatus.NotOwner:
                            LogLost(_logger, Name, FencingToken, renewed.HolderOwner);
                            await _lost.CancelAsync();
                            return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A renewal abandoned by the bound above may still fail later: observe it so it is not reported as unobserved.
                    _ = renewal.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    LogRenewFailed(_logger, Name, FencingToken, exception);
                    if (Now() >= lostAt)
                    {
                        break;
                    }

                    // Try again soon, but only while the lease can still be saved.
                    await Task.Delay(Positive(Min(TimeSpan.FromSeconds(1), (lostAt - Now()) / 4)), _clock, _stop.Token);
                    continue;
                }
            }

            // Not renewing any more: the lock is ours until the lease ends, then lost.
            await Task.Delay(Positive(lostAt - Now()), _clock, _stop.Token);
            LogLeaseEnded(_logger, Name, FencingToken);
            await _lost.CancelAsync();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>How long before the lease's end (as this handle counts it) <see cref="HandleLost"/> fires: a tenth of the lease, at most 1 s.</summary>
    private static TimeSpan SafetyMargin(TimeSpan lease) => Min(lease / 10, TimeSpan.FromSeconds(1));

    private TimeSpan Now() => _clock.GetElapsedTime(0);

    private static TimeSpan Positive(TimeSpan delay) => delay > TimeSpan.Zero ? delay : TimeSpan.Zero;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Name} (fencing token {FencingToken}) lost: held by {HolderOwner} now")]
    private static partial void LogLost(ILogger logger, string name, long fencingToken, string? holderOwner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Name} (fencing token {FencingToken}) lost: its lease ended without renewal")]
    private static partial void LogLeaseEnded(ILogger logger, string name, long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing lock {Name} (fencing token {FencingToken}) failed; retrying while the lease lasts")]
    private static partial void LogRenewFailed(ILogger logger, string name, long fencingToken, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lock {Name} (fencing token {FencingToken}) was no longer ours when released")]
    private static partial void LogReleaseRefused(ILogger logger, string name, long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing lock {Name} (fencing token {FencingToken}) failed; its lease will end it")]
    private static partial void LogReleaseFailed(ILogger logger, string name, long fencingToken, Exception exception);
}
