using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Events;

/// <summary>
/// A topic grain's outbox: forwards stored events to the topic's two routers from a pump that sends batches in id order,
/// retrying with capped backoff while the routers are away. Created and called on the grain's scheduler, so the pump
/// interleaves with publishes only at its awaits.
/// </summary>
internal sealed partial class TopicForwarder(IGrainFactory grains, string topic, long maxOutboxBytes, ILogger logger)
{
    private const int MaxBatch = 256;

    /// <summary>Events waiting for the routers before the oldest are dropped (subscribers then read them from the log).</summary>
    private const int MaxOutbox = 10_000;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Queue<Event> _outbox = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _outboxBytes;
    private bool _pumping;
    private Task _pump = Task.CompletedTask;

    /// <summary>
    /// Queues <paramref name="e"/> for the routers. The queue is bounded by count and by bytes: while the routers are
    /// unreachable for long (a failover) the oldest waiting events are dropped, and live subscribers fill the hole from
    /// the log when a later event reaches them.
    /// </summary>
    public void Forward(Event e)
    {
        while (_outbox.Count > 0 && (_outbox.Count >= MaxOutbox || _outboxBytes + SizeOf(e) > maxOutboxBytes))
        {
            var dropped = _outbox.Dequeue();
            _outboxBytes -= SizeOf(dropped);
            LogOutboxFull(logger, topic, dropped.Id);
        }

        _outbox.Enqueue(e);
        _outboxBytes += SizeOf(e);
        if (!_pumping)
        {
            _pumping = true;
            _pump = PumpAsync();
        }
    }

    /// <summary>Gives queued deliveries a chance until <paramref name="cancellationToken"/>; then stops retrying.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _pump.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Deactivation is being forced; the log still has everything. Stop retrying.
            await _stopping.CancelAsync();
        }
    }

    /// <summary>What an event waiting in the outbox takes: its data as UTF-16, plus a little for the rest.</summary>
    private static long SizeOf(Event e) => (e.Data.Length * 2L) + 64;

    /// <summary>One batch at a time, in id order.</summary>
    private async Task PumpAsync()
    {
        try
        {
            var (word, wildcard) = EventRouting.RoutersFor(topic);
            var wordRouter = grains.GetGrain<IEventRouterGrain>(word);
            var wildcardRouter = grains.GetGrain<IEventRouterGrain>(wildcard);
            while (_outbox.Count > 0)
            {
                var batch = ImmutableArray.CreateBuilder<Event>(Math.Min(_outbox.Count, MaxBatch));
                while (_outbox.Count > 0 && batch.Count < MaxBatch)
                {
                    var next = _outbox.Dequeue();
                    _outboxBytes -= SizeOf(next);
                    batch.Add(next);
                }

                await DeliverAsync(wordRouter, wildcardRouter, batch.MoveToImmutable());
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    /// <summary>
    /// Retries with capped backoff until the routers take the batch: a batch is never given up while the
    /// routers are away (a quiet topic would then not deliver it live at all); only the bounded outbox drops
    /// the oldest waiting events when it overflows.
    /// </summary>
    private async Task DeliverAsync(IEventRouterGrain wordRouter, IEventRouterGrain wildcardRouter, ImmutableArray<Event> batch)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.WhenAll(wordRouter.Deliver(batch), wildcardRouter.Deliver(batch));
                return;
            }
            catch (Exception ex)
            {
                LogDeliveryRetry(logger, ex, topic, attempt);
            }

            try
            {
                await Task.Delay(delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Deactivated by force: live subscribers fill the hole from the log when the topic's next event reaches them.
                LogDeliveryDropped(logger, topic, batch[0].Id, batch[^1].Id);
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: too many events wait for the routers; event {EventId} will reach subscribers from the log")]
    private static partial void LogOutboxFull(ILogger logger, string topic, long eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: forwarding to the routers failed (attempt {Attempt}); retrying")]
    private static partial void LogDeliveryRetry(ILogger logger, Exception exception, string topic, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Topic {Topic}: events {FromId}..{ToId} not forwarded live; subscribers will read them from the log")]
    private static partial void LogDeliveryDropped(ILogger logger, string topic, long fromId, long toId);
}
