using System.Reflection;
using System.Text;
using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace GrainSystem.Api.Events;

/// <summary>
/// Writes a subscription as Server-Sent Events: <c>id</c> (the subscription's cursor after the event, which
/// is what <c>Last-Event-ID</c> resumes from), <c>event</c> (the topic, or <c>gap</c>/<c>overflow</c>) and
/// <c>data</c> (the JSON), flushed per event, with a comment line every heartbeat period
/// (<see cref="EventsOptions.HeartbeatPeriod"/>) so proxies keep the connection open. Ends, and unsubscribes, when the client goes away or after an overflow.
/// </summary>
public sealed class EventStreamResult(EventSubscription subscription, TimeSpan heartbeatPeriod, IDisposable slot) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var ownedSlot = slot;
        await using var owned = subscription;
        var response = httpContext.Response;
        // Ends when the client goes away, or when the server shuts down (open streams must not hold up a
        // shutdown; clients reconnect with Last-Event-ID to another instance).
        var lifetime = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ended.Token;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Headers and a first comment now, so the client knows it is subscribed before any event.
        try
        {
            await WriteAsync(response, ": subscribed\n\n", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = subscription.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            using var heartbeat = new PeriodicTimer(heartbeatPeriod);
            var tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, tick) == tick)
                {
                    await tick;
                    await WriteAsync(response, ": heartbeat\n\n", cancellationToken);
                    tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                await WriteAsync(response, Format(events.Current, subscription.Cursor.ToString()), cancellationToken);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client disconnected; disposing the subscription unregisters it.
        }
        finally
        {
            // An iterator cannot be disposed while a MoveNext runs; cancel it and let it end first.
            await stop.CancelAsync();
            await next.ContinueWith(static _ => { }, TaskScheduler.Default);
            await events.DisposeAsync();
        }
    }

    private static string Format(Event e, string cursor)
    {
        var text = new StringBuilder(e.Data.Length + cursor.Length + e.Topic.Length + 32);
        text.Append("id: ").Append(cursor).Append('\n');
        text.Append("event: ").Append(e.IsPublished ? e.Topic : e.Kind).Append('\n');
        // Stored JSON is compact (one line); split anyway so a payload can never break the framing.
        foreach (var line in e.Data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));
}
