using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Client.Events;

/// <summary>
/// A subscription's leases in the routers of its patterns: registered at start, refreshed every period (a
/// router that had lost it makes the reader resynchronise from the retention, and so does one that sent
/// batches a period ago that never arrived), and removed on overflow or disposal.
/// </summary>
internal sealed partial class SubscriptionRegistration(IGrainFactory grains, Guid id, TopicPattern[] patterns, TimeSpan refreshPeriod,
    SubscriptionBuffer buffer, ILogger logger) : IAsyncDisposable
{
    private readonly Dictionary<long, ImmutableArray<string>> _routers = patterns.GroupBy(EventRouting.RouterFor)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Text).ToImmutableArray());

    /// <summary>Each router's current registration of the subscription.</summary>
    private readonly Dictionary<long, Guid> _registrations = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SubscriptionObserver _observer = new(buffer.Receive);
    private IEventObserver? _reference;
    private Task? _refresh;
    private Task? _leaving;
    private int _left;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<IEventObserver>(_observer);
        if ((await RegisterAsync(cancellationToken)).Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        _refresh = RefreshLoopAsync(_stop.Token);
    }

    /// <summary>Stops refreshing and unsubscribes, without waiting (called from the observer's path).</summary>
    public void Leave()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            _stop.Cancel();
            _leaving = Task.Run(UnsubscribeAsync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Leave();
        if (_refresh is not null)
        {
            await _refresh;
        }

        if (_leaving is not null)
        {
            await _leaving;
        }

        if (_reference is not null)
        {
            grains.DeleteObjectReference<IEventObserver>(_reference);
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Registers with every router; false when some router did not hold the subscription (events may have been
    /// missed): it answered so, or it answers with a registration other than the last one seen (a router re-created
    /// while its first answer was lost). Every router's answer is taken in; the first failed call is returned.
    /// </summary>
    private async Task<(bool Known, Exception? Failure)> RegisterAsync(CancellationToken cancellationToken)
    {
        var calls = _routers.Select(r => (Router: r.Key,
            Reply: grains.GetGrain<IEventRouterGrain>(r.Key).Subscribe(id, _reference!, r.Value).WaitAsync(cancellationToken))).ToList();
        try
        {
            await Task.WhenAll(calls.Select(c => c.Reply));
        }
        catch (Exception)
        {
            // Each router's answer is looked at below; a failed one is thrown after the others were taken in.
        }

        var known = true;
        Exception? failure = null;
        foreach (var (router, call) in calls)
        {
            if (!call.IsCompletedSuccessfully)
            {
                failure ??= call.Exception?.InnerException ?? new OperationCanceledException(cancellationToken);
                continue;
            }

            var reply = call.Result;
            var replaced = _registrations.TryGetValue(router, out var previous) && previous != reply.Registration;
            known &= reply.Known && !replaced;
            _registrations[router] = reply.Registration;
            buffer.Confirm(reply);
        }

        buffer.KeepOnly(_registrations.Values);
        return (known, failure);
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(refreshPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var (known, failure) = await RegisterAsync(cancellationToken);
                if (!known)
                {
                    // A router lost the registration (its silo died, or the lease lapsed): catch up from the retention.
                    LogResync(logger, id);
                    buffer.RequestResync();
                }

                if (failure is not null && !cancellationToken.IsCancellationRequested)
                {
                    // Tried again at the next tick; the router's lease (EventRouting.SubscriptionLease) outlasts a few failed refreshes.
                    LogRefreshFailed(logger, failure, id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Left or disposed.
        }
    }

    private async Task UnsubscribeAsync()
    {
        if (_reference is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Task.WhenAll(_routers.Keys.Select(r => grains.GetGrain<IEventRouterGrain>(r).Unsubscribe(id).WaitAsync(timeout.Token)));
        }
        catch (Exception ex)
        {
            // The routers drop it when its lease lapses.
            LogUnsubscribeFailed(logger, ex, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} was not known to a router; catching up from the retention")]
    private static partial void LogResync(ILogger logger, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: refreshing its registration failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscription {SubscriptionId}: unsubscribing failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, Guid subscriptionId);
}
