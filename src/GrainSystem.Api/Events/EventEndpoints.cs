using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using GrainSystem.Api.Http;
using GrainSystem.Client.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Events;

/// <summary>HTTP routes of the Events feature: publish, and subscribe as Server-Sent Events.</summary>
public static class EventEndpoints
{
    /// <summary>
    /// Services the Events routes need on the API side beyond the client (<c>AddGrainSystemClient</c>, which binds
    /// <see cref="EventsOptions"/>): the limit on open event streams.
    /// </summary>
    public static IServiceCollection AddEventApi(this IServiceCollection services) => services.AddSingleton<EventStreamLimiter>();

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/events").WithTags("Events");
        events.MapPost("/{topic}", Publish)
            .Accepts<JsonElement>("application/json")
            .WithSummary("Publish a JSON event on a topic.");
        events.MapGet("/stream", Subscribe)
            .WithSummary("Subscribe to topic patterns as Server-Sent Events; Last-Event-ID resumes.");
        return app;
    }

    private static async Task<Results<Accepted<PublishedEvent>, ProblemHttpResult>> Publish(
        string topic, HttpRequest request, HttpResponse response, IEventClient events, CancellationToken cancellationToken)
    {
        if (!EventTopic.TryValidate(topic, out var topicError))
        {
            return Problems.Validation("topic", $"Topic {topicError}");
        }

        var key = IdempotencyKey.Read(request.HttpContext, out var keyProblem);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }

        string data;
        try
        {
            // Validated here; stored without the whitespace between tokens, so each event is one `data:` line
            // of the event stream, and otherwise byte for byte as sent (non-ASCII text is not escaped).
            using var document = JsonDocument.Parse(body.Value);
            data = JsonMinifier.Minify(body.Value.IsSingleSegment ? body.Value.FirstSpan : body.Value.ToArray());
        }
        catch (JsonException ex)
        {
            return Problems.Validation("data", $"The body must be one JSON value: {ex.Message}");
        }

        // The key is stored with the event; the same request is the same body and content type (the topic is in the key's scope).
        var publishKey = key is null ? null : new EventPublishKey(key.Scoped,
            IdempotencyKey.Fingerprint(request.ContentType, Convert.ToHexStringLower(SHA256.HashData(body.Value.ToArray()))), key.Retention);
        var result = await events.PublishAsync(topic, data, publishKey, cancellationToken);
        return result.Status switch
        {
            EventPublishStatus.Published => TypedResults.Accepted((string?)null, new PublishedEvent(result.Id)),
            EventPublishStatus.Unavailable => Problems.Unavailable(response, $"Topic '{topic}': {result.Error} Nothing was stored."),
            EventPublishStatus.OutcomeUnknown => Problems.OutcomeUnknown(response,
                $"Topic '{topic}': {result.Error} Retrying with the same {IdempotencyKey.HeaderName} stores it at most once."),
            EventPublishStatus.KeyReused => IdempotencyKey.Reused(),
            _ => Problems.Validation(result.Field ?? "data", result.Error!),
        };
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Event too large.",
            $"An event's JSON body must be at most {EventTopic.MaxDataBytes} bytes.",
            [new("errors", new Dictionary<string, string[]> { ["data"] = [$"must be at most {EventTopic.MaxDataBytes} bytes."] })]);

    private static async Task<Results<EventStreamResult, ProblemHttpResult>> Subscribe(
        [FromQuery(Name = "pattern")] string[]? pattern,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "lastEventId")] string? lastEventIdQuery,
        IEventClient events,
        IOptions<EventsOptions> options,
        EventStreamLimiter limiter,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var patterns = pattern ?? [];
        errors.Check(patterns.Length > 0, "pattern", "At least one pattern is required (?pattern=user.*).");
        errors.Check(patterns.Length <= 32, "pattern", "At most 32 patterns per subscription.");
        foreach (var text in patterns)
        {
            if (!TopicPattern.TryParse(text, out _, out var error))
            {
                errors.Add("pattern", $"'{text}' {error}");
            }
        }

        // EventSource sends Last-Event-ID on reconnects; the query form lets a first connection resume.
        var lastEventId = string.IsNullOrEmpty(lastEventIdHeader) ? lastEventIdQuery : lastEventIdHeader;
        if (!string.IsNullOrEmpty(lastEventId) && !EventCursor.TryParse(lastEventId, out _, out var cursorError))
        {
            errors.Add("Last-Event-ID", cursorError);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var slot = limiter.TryAcquire();
        if (slot is null)
        {
            return Problems.Unavailable(response,
                $"This API instance serves at most {options.Value.MaxStreams} event streams at once; retry later or elsewhere.");
        }

        try
        {
            var subscription = await events.OpenAsync(patterns, string.IsNullOrEmpty(lastEventId) ? null : lastEventId, cancellationToken);
            return new EventStreamResult(subscription, options.Value.HeartbeatPeriod, slot);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    /// <summary>The body, or null when it is larger than an event may be.</summary>
    private static async Task<ReadOnlySequence<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > EventTopic.MaxDataBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > EventTopic.MaxDataBytes)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var body = new ReadOnlySequence<byte>(read.Buffer.ToArray());
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
