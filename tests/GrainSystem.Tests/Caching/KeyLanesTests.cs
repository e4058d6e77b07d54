using GrainSystem.Grains.Caching;

namespace GrainSystem.Tests.Caching;

/// <summary>Per-key lanes of a partition: one operation of a key at a time, in arrival order, other keys free.</summary>
public sealed class KeyLanesTests
{
    [Fact]
    public void A_free_key_is_entered_at_once_and_other_keys_stay_free_while_it_is_held()
    {
        var lanes = new KeyLanes();
        Assert.True(lanes.EnterAsync("a").IsCompleted);
        Assert.True(lanes.EnterAsync("b").IsCompleted);
        Assert.False(lanes.EnterAsync("a").IsCompleted);
    }

    [Fact]
    public async Task Waiters_of_a_key_enter_one_at_a_time_in_arrival_order()
    {
        var lanes = new KeyLanes();
        await lanes.EnterAsync("k");
        var second = lanes.EnterAsync("k");
        var third = lanes.EnterAsync("k");

        lanes.Leave("k");
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(third.IsCompleted);

        lanes.Leave("k");
        await third.WaitAsync(TimeSpan.FromSeconds(10));

        // The last holder leaves: the key is free again and the next caller enters at once.
        lanes.Leave("k");
        Assert.True(lanes.EnterAsync("k").IsCompleted);
    }

    [Fact]
    public async Task A_failed_operation_still_hands_the_lane_to_the_next()
    {
        var lanes = new KeyLanes();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failing = lanes.RunAsync<int>("k", async () =>
        {
            await release.Task;
            throw new InvalidOperationException("the operation failed");
        });
        var next = lanes.RunAsync("k", () => Task.FromResult(42));
        Assert.False(next.IsCompleted);

        release.SetResult(0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(42, await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
