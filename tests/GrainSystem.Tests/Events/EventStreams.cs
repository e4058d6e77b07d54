using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;

namespace GrainSystem.Tests.Events;

/// <summary>Helpers that read a subscription with a deadline.</summary>
internal static class EventStreams
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Reads until <paramref name="count"/> events were read (control events included).</summary>
    public static async Task<List<Event>> TakeAsync(this EventSubscription subscription, int count)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var read = new List<Event>();
        try
        {
            await foreach (var e in subscription.ReadAllAsync(timeout.Token))
            {
                read.Add(e);
                if (read.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Read {read.Count} of {count} events in {Deadline.TotalSeconds} s: {Describe(read)}");
        }

        return read;
    }

    /// <summary>Reads until the subscription ends (an overflow).</summary>
    public static async Task<List<Event>> ReadToEndAsync(this EventSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var read = new List<Event>();
        await foreach (var e in subscription.ReadAllAsync(timeout.Token))
        {
            read.Add(e);
        }

        return read;
    }

    public static string UniqueTopic(string prefix) => $"{prefix}.{Guid.NewGuid():N}";

    private static string Describe(List<Event> events) =>
        string.Join(", ", events.TakeLast(10).Select(e => $"{e.Kind}:{e.Topic}#{e.Id}"));
}
