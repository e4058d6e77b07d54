using GrainSystem.Abstractions.Locking;
using GrainSystem.Client.Locking;
using Medallion.Threading.Redis;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Locking;

/// <summary>
/// A lock implementation of the <c>lock</c> scenario: acquires a named lock (waiting up to the given time) and hands back the
/// release. GrainSystem's lock grains, Medallion's <c>RedisDistributedLock</c> and the hand-written <c>SET NX PX</c> lock.
/// </summary>
internal sealed record LockContestant(string Name, Func<string, TimeSpan, CancellationToken, Task<Func<Task>>> AcquireAsync)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public static LockContestant GrainSystem(ILockClient locks) => new("GrainSystem lock (Redis storage)", async (name, wait, ct) =>
    {
        var result = await locks.AcquireGrantAsync(name, "bench", Lease, wait, ct);
        var token = result.Status == LockAcquireStatus.Granted ? result.Grant!.Token : throw NotAcquired(name);
        return async () =>
        {
            if ((await locks.ReleaseAsync(name, token)).Status != LockReleaseStatus.Released)
            {
                throw new InvalidOperationException($"The grant of {name} was not released.");
            }
        };
    });

    /// <summary>Medallion's lock with its defaults (30 s expiry, auto-extension, a waiter sleeps 10–800 ms between attempts).</summary>
    public static LockContestant Medallion(IDatabase database) => new("DistributedLock.Redis (RedisDistributedLock)", async (name, wait, ct) =>
    {
        var @lock = new RedisDistributedLock(name, database);
        var handle = await @lock.TryAcquireAsync(wait, ct) ?? throw NotAcquired(name);
        return () => handle.DisposeAsync().AsTask();
    });

    public static LockContestant SetNx(IDatabase database, TimeSpan poll) =>
        new($"SET NX PX + Lua release, polls every {poll.TotalMilliseconds:0} ms", async (name, wait, ct) =>
        {
            var baseline = new RedisLockBaseline(database, poll);
            var token = Guid.NewGuid().ToString("N");
            if (!await baseline.AcquireAsync(name, token, Lease, wait, ct))
            {
                throw NotAcquired(name);
            }

            return async () =>
            {
                if (!await baseline.ReleaseAsync(name, token))
                {
                    throw new InvalidOperationException($"The Redis lock {name} was not released.");
                }
            };
        });

    private static InvalidOperationException NotAcquired(string name) => new($"The lock {name} was not acquired.");
}
