using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Events;

/// <summary>
/// Subscriptions of one pattern partition, in memory: they are leases the subscribers refresh every
/// <see cref="EventRouting.RefreshPeriod"/>, so a router lost with its silo is rebuilt by the next refreshes
/// (and the subscribers, told their registration was new, catch up from the topics' retention).
/// Not reentrant: deliveries are handled one batch at a time, in the order each topic sent them.
/// </summary>
public sealed partial class EventRouterGrain(ILogger<EventRouterGrain> logger) : Grain, IEventRouterGrain
{
    private readonly Dictionary<Guid, Registration> _subscriptions = [];
    private readonly PatternTrie<Guid> _index = new();
    private IGrainTimer? _expiry;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _expiry = this.RegisterGrainTimer(static (self, _) => self.RemoveExpired(), this, new GrainTimerCreationOptions
        {
            DueTime = EventRouting.RefreshPeriod,
            Period = EventRouting.RefreshPeriod,
            Interleave = false,
            KeepAlive = false,
        });
        return Task.CompletedTask;
    }

    public Task<RouterSubscription> Subscribe(Guid subscriptionId, IEventObserver observer, ImmutableArray<string> patterns)
    {
        var expires = DateTimeOffset.UtcNow + EventRouting.SubscriptionLease;
        var parsed = patterns.Select(TopicPattern.Parse).Distinct().ToArray();
        if (_subscriptions.TryGetValue(subscriptionId, out var existing))
        {
            foreach (var pattern in existing.Patterns.Except(parsed))
            {
                _index.Remove(pattern, subscriptionId);
            }

            foreach (var pattern in parsed)
            {
                _index.Add(pattern, subscriptionId);
            }

            // The same registration goes on: its batches keep their sequence.
            existing.Refresh(observer, parsed, expires);
            return Task.FromResult(new RouterSubscription(true, existing.Id, existing.Sequence));
        }

        foreach (var pattern in parsed)
        {
            _index.Add(pattern, subscriptionId);
        }

        var registration = new Registration(Guid.NewGuid(), observer, parsed, expires);
        _subscriptions[subscriptionId] = registration;
        LogSubscribed(logger, subscriptionId, this.GetPrimaryKeyLong(), string.Join(' ', patterns));
        return Task.FromResult(new RouterSubscription(false, registration.Id, 0));
    }

    public Task Unsubscribe(Guid subscriptionId)
    {
        Remove(subscriptionId);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> ListSubscribedPatterns() =>
        Task.FromResult(_subscriptions.Values.SelectMany(r => r.Patterns.Select(p => p.Text)).ToImmutableArray());

    public Task Deliver(ImmutableArray<Event> events)
    {
        if (_subscriptions.Count == 0)
        {
            return Task.CompletedTask;
        }

        var matches = new HashSet<Guid>();
        var perSubscription = new Dictionary<Guid, ImmutableArray<Event>.Builder>();
        foreach (var e in events)
        {
            matches.Clear();
            _index.Match(e.Topic, matches);
            foreach (var id in matches)
            {
                if (!perSubscription.TryGetValue(id, out var batch))
                {
                    perSubscription[id] = batch = ImmutableArray.CreateBuilder<Event>();
                }

                batch.Add(e);
            }
        }

        foreach (var (id, batch) in perSubscription)
        {
            try
            {
                // One-way: the router does not wait for the subscriber, who orders batches by their sequence.
                var registration = _subscriptions[id];
                _ = registration.Observer.OnEvents(new EventDelivery(registration.Id, registration.NextSequence(), batch.ToImmutable()));
            }
            catch (Exception ex)
            {
                LogDeliveryFailed(logger, ex, id);
            }
        }

        return Task.CompletedTask;
    }

    private Task RemoveExpired()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var id in _subscriptions.Where(s => s.Value.Expires < now).Select(s => s.Key).ToList())
        {
            LogExpired(logger, id);
            Remove(id);
        }

        return Task.CompletedTask;
    }

    private void Remove(Guid subscriptionId)
    {
        if (_subscriptions.Remove(subscriptionId, out var registration))
        {
            foreach (var pattern in registration.Patterns)
            {
                _index.Remove(pattern, subscriptionId);
            }
        }
    }

    /// <summary>One registration of a subscription: a new identity (and sequence) each time the router gains it.</summary>
    private sealed class Registration(Guid id, IEventObserver observer, TopicPattern[] patterns, DateTimeOffset expires)
    {
        public Guid Id { get; } = id;

        public IEventObserver Observer { get; private set; } = observer;

        public TopicPattern[] Patterns { get; private set; } = patterns;

        public DateTimeOffset Expires { get; private set; } = expires;

        /// <summary>Sequence number of the last batch sent.</summary>
        public long Sequence { get; private set; }

        /// <summary>The sequence number of the batch about to be sent.</summary>
        public long NextSequence() => ++Sequence;

        public void Refresh(IEventObserver observer, TopicPattern[] patterns, DateTimeOffset expires)
        {
            Observer = observer;
            Patterns = patterns;
            Expires = expires;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscription {SubscriptionId} registered in router {Router} for {Patterns}")]
    private static partial void LogSubscribed(ILogger logger, Guid subscriptionId, long router, string patterns);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} expired (not refreshed)")]
    private static partial void LogExpired(ILogger logger, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery to subscription {SubscriptionId} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, Guid subscriptionId);
}
