using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Events;

/// <summary>The subscription buffer's reorder grace, on a clock the test moves.</summary>
public sealed class SubscriptionBufferTests : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private static readonly Guid Registration = Guid.NewGuid();
    private readonly TestClock _time = new();
    private readonly SubscriptionBuffer _buffer;

    public SubscriptionBufferTests() => _buffer = new SubscriptionBuffer(64, 1 << 20, Grace, () => { }, _time);

    [Fact]
    public void A_batch_held_for_a_missing_predecessor_is_let_go_with_a_catch_up_request_when_the_grace_ends()
    {
        _buffer.Receive(Delivery(2, 2));
        Assert.Equal(1, _buffer.HeldBatches);

        _time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Drain());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["2", SubscriptionBuffer.ResyncKind], Drain());
        Assert.Equal(0, _buffer.HeldBatches);
    }

    [Fact]
    public void Batches_arriving_while_one_is_held_do_not_push_its_grace_back()
    {
        _buffer.Receive(Delivery(2, 2));
        for (var sequence = 3; sequence <= 6; sequence++)
        {
            _time.Advance(Grace / 4);
            _buffer.Receive(Delivery(sequence, sequence));
        }

        // The grace ends a whole grace after the first held batch arrived, just before the last batch: what was
        // held goes, in order, then the catch-up request; the last batch follows at once (it is next in sequence now).
        Assert.Equal(["2", "3", "4", "5", SubscriptionBuffer.ResyncKind, "6"], Drain());
    }

    [Fact]
    public void A_predecessor_arriving_within_the_grace_releases_everything_in_order_and_no_catch_up_follows()
    {
        _buffer.Receive(Delivery(3, 3));
        _buffer.Receive(Delivery(2, 2));
        _buffer.Receive(Delivery(1, 1));
        Assert.Equal(["1", "2", "3"], Drain());

        _time.Advance(Grace * 2);
        Assert.Empty(Drain());
    }

    [Fact]
    public void A_closed_buffer_ignores_its_grace_timer()
    {
        _buffer.Receive(Delivery(2, 2));
        _buffer.Close();
        _time.Advance(Grace * 2);
        Assert.Empty(Drain());
    }

    public void Dispose() => _buffer.Dispose();

    private static EventDelivery Delivery(long sequence, long eventId) =>
        new(Registration, sequence, [new Event(eventId, "t", "{}", DateTimeOffset.UnixEpoch)]);

    private List<string> Drain()
    {
        var read = new List<string>();
        while (_buffer.TryRead(out var e))
        {
            read.Add(e.Kind == SubscriptionBuffer.ResyncKind ? e.Kind : e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return read;
    }
}
