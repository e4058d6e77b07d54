using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;

namespace GrainSystem.Api.Resp.PubSub;

/// <summary>
/// One live event-bus subscription of this API instance, shared by every RESP subscription it serves (the channels
/// and patterns whose bus pattern is <see cref="Pattern"/>). It hands each event to <c>deliver</c>; a subscription the
/// bus ended (this instance fell behind and overflowed) is opened again, live, as Redis pub/sub is at most once.
/// </summary>
internal sealed partial class PubSubFeed(string pattern, IEventClient events, Action<PubSubFeed, Event> deliver, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private EventSubscription? _subscription;
    private Task _pump = Task.CompletedTask;

    /// <summary>The bus pattern (a topic for a channel, <c>words.#</c> or <c>#</c> for glob patterns).</summary>
    public string Pattern { get; } = pattern;

    /// <summary>RESP subscriptions using this feed (guarded by the hub).</summary>
    public int References { get; set; }

    /// <summary>Completes once the bus delivers this feed's events: a SUBSCRIBE answers only then.</summary>
    public Task Opened { get; private set; } = Task.CompletedTask;

    public void Open() => Opened = OpenAsync();

    public async Task CloseAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Opened;
        }
        catch (Exception)
        {
            // It never opened: nothing to close. Its subscriber was told when it failed.
        }

        await _pump;
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task OpenAsync()
    {
        _subscription = await events.OpenAsync([Pattern], null, _stop.Token);
        _pump = PumpAsync(_subscription);
    }

    private async Task PumpAsync(EventSubscription subscription)
    {
        try
        {
            while (true)
            {
                try
                {
                    await foreach (var e in subscription.ReadAllAsync(_stop.Token))
                    {
                        if (e.IsPublished)
                        {
                            deliver(this, e);
                        }
                    }

                    LogReopening(logger, Pattern);
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    LogFailed(logger, ex, Pattern);
                    await Task.Delay(RetryDelay, _stop.Token);
                }

                await subscription.DisposeAsync();
                subscription = _subscription = await OpenWithRetriesAsync();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closed.
        }
    }

    private async Task<EventSubscription> OpenWithRetriesAsync()
    {
        while (true)
        {
            try
            {
                return await events.OpenAsync([Pattern], null, _stop.Token);
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                LogFailed(logger, ex, Pattern);
                await Task.Delay(RetryDelay, _stop.Token);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RESP pub/sub feed {Pattern} ended (this instance fell behind); opening it again")]
    private static partial void LogReopening(ILogger logger, string pattern);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RESP pub/sub feed {Pattern} failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception, string pattern);
}
