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
        await RegisterAsync(cancellationToken);
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

    /// <summary>Registers with every router; false when some router did not know the subscription (events may have been missed).</summary>
    private async Task<bool> RegisterAsync(CancellationToken cancellationToken)
    {
        var replies = await Task.WhenAll(_routers.Select(async r =>
            (Router: r.Key, Reply: await grains.GetGrain<IEventRouterGrain>(r.Key).Subscribe(id, _reference!, r.Value).WaitAsync(cancellationToken))));
        foreach (var (router, reply) in replies)
        {
            Guid? replaced = _registrations.TryGetValue(router, out var previous) && previous != reply.Registration ? previous : null;
            _registrations[router] = reply.Registration;
            buffer.Confirm(reply, replaced);
        }

        return replies.All(r => r.Reply.Known);
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(refreshPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (!await RegisterAsync(cancellationToken))
                    {
                        // A router lost the registration (its silo died, or the lease lapsed): catch up from the retention.
                        LogResync(logger, id);
                        buffer.RequestResync();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(logger, ex, id);
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
