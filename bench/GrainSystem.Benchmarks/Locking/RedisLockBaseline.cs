using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Locking;

/// <summary>
/// The lock written by hand on Redis: <c>SET key token NX PX lease</c> to acquire, a compare-and-delete Lua script to release,
/// and a sleep-and-retry loop to wait.
/// </summary>
internal sealed class RedisLockBaseline(IDatabase database, TimeSpan poll)
{
    private static readonly LuaScript CompareAndDelete = LuaScript.Prepare(
        "if redis.call('get', @key) == @token then return redis.call('del', @key) else return 0 end");

    public async Task<bool> TryAcquireAsync(string key, string token, TimeSpan lease) =>
        await database.StringSetAsync(key, token, lease, When.NotExists);

    public async Task<bool> ReleaseAsync(string key, string token) =>
        (int)await database.ScriptEvaluateAsync(CompareAndDelete, new { key = (RedisKey)key, token = (RedisValue)token }) == 1;

    /// <summary>Tries every <c>poll</c> until acquired or <paramref name="wait"/> is over.</summary>
    public async Task<bool> AcquireAsync(string key, string token, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (!await TryAcquireAsync(key, token, lease))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(poll, cancellationToken);
        }

        return true;
    }
}
