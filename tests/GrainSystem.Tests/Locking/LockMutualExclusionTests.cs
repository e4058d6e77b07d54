namespace GrainSystem.Tests.Locking;

[Collection(LockClusterCollection.Name)]
public sealed class LockMutualExclusionTests(LockClusterFixture fixture)
{
    [Fact]
    public async Task Fifty_concurrent_contenders_never_overlap_and_see_strictly_increasing_fencing_tokens()
    {
        var name = LockTestNames.New("mutex");
        var inside = 0;
        var maxInside = 0;
        var seen = new List<long>();

        async Task ContendAsync(int contender)
        {
            var grain = fixture.Lock(name);
            var grant = LockAssert.Granted(
                await fixture.Locks.AcquireGrantAsync(name, $"contender-{contender}", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120)));
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            lock (seen)
            {
                seen.Add(grant.FencingToken);
            }

            // Work inside the critical section that yields, so an overlapping holder would be caught here.
            await grain.Inspect();
            await Task.Yield();
            Interlocked.Decrement(ref inside);
            LockAssert.Released(await grain.Release(grant.Token));
        }

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => ContendAsync(i))));

        Assert.Equal(1, maxInside);
        Assert.Equal(50, seen.Count);
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i] > seen[i - 1], $"fencing token {seen[i]} came after {seen[i - 1]}");
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
