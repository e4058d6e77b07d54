using System.Runtime.CompilerServices;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GrainSystem.Client.Events;

/// <summary>The <see cref="IEventClient"/> over grains: publishes through topic grains, subscribes with grain observers.</summary>
public sealed class EventClient(IGrainFactory grainFactory, IOptions<EventsOptions> options, ILoggerFactory loggerFactory) : IEventClient
{
    /// <inheritdoc />
    public Task<EventPublishResult> PublishAsync(string topic, string data, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, data, null, cancellationToken);

    /// <inheritdoc />
    public Task<EventPublishResult> PublishAsync(string topic, string data, EventPublishKey? key, CancellationToken cancellationToken = default)
    {
        if (!EventTopic.TryValidate(topic, out var error))
        {
            return Task.FromResult(EventPublishResult.Invalid("topic", $"Topic {error}"));
        }

        return grainFactory.GetGrain<ITopicGrain>(topic).Publish(data, key).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<EventSubscription> OpenAsync(IReadOnlyCollection<string> patterns, string? lastEventId = null,
        CancellationToken cancellationToken = default)
    {
        if (patterns.Count == 0)
        {
            throw new ArgumentException("At least one pattern is needed.", nameof(patterns));
        }

        var parsed = new List<TopicPattern>();
        foreach (var text in patterns)
        {
            if (!TopicPattern.TryParse(text, out var pattern, out var error))
            {
                throw new ArgumentException($"Pattern '{text}' {error}", nameof(patterns));
            }

            parsed.Add(pattern!);
        }

        EventCursor? resumeFrom = null;
        if (lastEventId is not null && !EventCursor.TryParse(lastEventId, out resumeFrom, out var cursorError))
        {
            throw new ArgumentException($"Last event id {cursorError}", nameof(lastEventId));
        }

        var subscription = new EventSubscription(grainFactory, [.. parsed.Distinct()], resumeFrom,
            options.Value, loggerFactory.CreateLogger<EventSubscription>());
        try
        {
            await subscription.StartAsync(cancellationToken);
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }

        return subscription;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Event> SubscribeAsync(IReadOnlyCollection<string> patterns, string? lastEventId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var subscription = await OpenAsync(patterns, lastEventId, cancellationToken);
        await foreach (var e in subscription.ReadAllAsync(cancellationToken))
        {
            yield return e;
        }
    }
}
