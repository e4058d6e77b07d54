using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Locking;

/// <summary>
/// The lock users compare us with: <c>SET key token NX PX lease</c> to acquire, a compare-and-delete Lua script to
/// release, and (as in Medallion's Redis locks) a sleep-and-retry loop to wait.
/// </summary>
internal sealed class RedisLockBaseline(IDatabase database)
{
    private static readonly LuaScript CompareAndDelete = LuaScript.Prepare(
        "if redis.call('get', @key) == @token then return redis.call('del', @key) else return 0 end");

    public async Task<bool> TryAcquireAsync(string key, string token, TimeSpan lease) =>
        await database.StringSetAsync(key, token, lease, When.NotExists);

    public async Task<bool> ReleaseAsync(string key, string token) =>
        (int)await database.ScriptEvaluateAsync(CompareAndDelete, new { key = (RedisKey)key, token = (RedisValue)token }) == 1;

    /// <summary>Polls every <paramref name="sleep"/> until acquired; <paramref name="firstAttemptFailed"/> is set after the first miss.</summary>
    public async Task WaitAsync(string key, string token, TimeSpan lease, TimeSpan sleep, TaskCompletionSource firstAttemptFailed)
    {
        while (!await TryAcquireAsync(key, token, lease))
        {
            firstAttemptFailed.TrySetResult();
            await Task.Delay(sleep);
        }
    }
}
