namespace GrainSystem.FaultTests.History;

/// <summary>One publish: <paramref name="Marker"/> is unique per logical publish and travels in the event's data.</summary>
public sealed record PublishOp(int Client, string Topic, string Marker, Outcome Outcome, long Id, long Invoke, long Complete);

/// <summary>
/// One event a subscriber received: a published event (<paramref name="Marker"/> from its data) or a <c>gap</c> for
/// <paramref name="Topic"/> naming the ids <paramref name="GapFrom"/>…<paramref name="GapTo"/> it will never get.
/// <paramref name="Connection"/> counts the subscriber's connections (each resume is a new one).
/// </summary>
public sealed record Delivery(string Topic, long Id, string? Marker, long At, int Connection, bool IsGap = false, long GapFrom = 0, long GapTo = 0);

/// <summary>What one subscriber saw: when its first subscription was confirmed, and every delivery in arrival order.</summary>
public sealed class SubscriberLog(string name, IReadOnlyList<string> patterns)
{
    private readonly List<Delivery> _deliveries = [];

    public string Name { get; } = name;

    public IReadOnlyList<string> Patterns { get; } = patterns;

    /// <summary>When the first connection confirmed the subscription (<see cref="RunClock.Never"/> until then).</summary>
    public long SubscribedAt { get; set; } = RunClock.Never;

    public IReadOnlyList<Delivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    public void Add(Delivery delivery)
    {
        lock (_deliveries)
        {
            _deliveries.Add(delivery);
        }
    }
}
