namespace GrainSystem.Grains.Caching;

/// <summary>
/// Lua scripts run by Redis for write-through. Each checks the version stored in Redis itself, so of two
/// activations of one partition (briefly possible during a failover) only one can win a compare-and-set or
/// apply an increment: the stale one's condition or version check fails inside Redis.
/// Hash fields: v value · t content type · n version · s sliding ms · a absolute expiry Unix ms (0 = none).
/// Replies start with a code: 0 condition failed · 1 applied · 2 stale (Redis holds a newer version)
/// · 3 absent / not an integer · 4 overflow.
/// The <c>#!lua</c> shebang (Redis 7) makes Redis refuse a writing script as a whole when it is out of memory,
/// instead of failing half way through a batch as a script without flags would.
/// </summary>
internal static class CacheScripts
{
    /// <summary>
    /// Writes of several keys in one call (group commit), each judged on its own: KEYS = the keys; ARGV = 8 per
    /// key: value, type, version, sliding, absolute, mode (0 any, 1 if-version, 2 if-absent), expected,
    /// expire-at (0 = none). Replies one {code, version-or-existed} per key.
    /// </summary>
    public const string Set = """
        #!lua
        local out = {}
        for i = 1, #KEYS do
          local k = KEYS[i]
          local b = (i - 1) * 8
          local cur = redis.call('HGET', k, 'n')
          local mode = ARGV[b + 6]
          if mode == '1' and ((not cur) or cur ~= ARGV[b + 7]) then
            out[i] = {0, tonumber(cur or '0')}
          elseif mode == '2' and cur then
            out[i] = {0, tonumber(cur)}
          elseif cur and tonumber(cur) >= tonumber(ARGV[b + 3]) then
            out[i] = {2, tonumber(cur)}
          else
            -- Every field is written, so nothing of the previous entry survives; only its expiry must go.
            redis.call('HSET', k, 'v', ARGV[b + 1], 't', ARGV[b + 2], 'n', ARGV[b + 3], 's', ARGV[b + 4], 'a', ARGV[b + 5])
            if ARGV[b + 8] ~= '0' then redis.call('PEXPIREAT', k, ARGV[b + 8]) elseif cur then redis.call('PERSIST', k) end
            if cur then out[i] = {1, 1} else out[i] = {1, 0} end
          end
        end
        return out
        """;

    /// <summary>ARGV: mode (0 any, 1 if-version), expected.</summary>
    public const string Delete = """
        #!lua flags=allow-oom
        local cur = redis.call('HGET', KEYS[1], 'n')
        if not cur then
          if ARGV[1] == '1' then return {0, 0} end
          return {3, 0}
        end
        if ARGV[1] == '1' and cur ~= ARGV[2] then return {0, tonumber(cur)} end
        redis.call('DEL', KEYS[1])
        return {1, tonumber(cur)}
        """;

    /// <summary>ARGV: delta, version. Replies {1, value, type, sliding, absolute, expire-time} when applied.</summary>
    public const string Increment = """
        #!lua
        local cur = redis.call('HGET', KEYS[1], 'n')
        if cur and tonumber(cur) >= tonumber(ARGV[2]) then return {2, tonumber(cur)} end
        local r = redis.pcall('HINCRBY', KEYS[1], 'v', ARGV[1])
        if type(r) == 'table' and r.err then
          if string.find(r.err, 'overflow') then return {4, tonumber(cur or '0')} end
          return {3, tonumber(cur or '0')}
        end
        redis.call('HSET', KEYS[1], 'n', ARGV[2])
        if not cur then redis.call('HSET', KEYS[1], 't', 'text/plain', 's', '0', 'a', '0') end
        local f = redis.call('HMGET', KEYS[1], 't', 's', 'a')
        return {1, tostring(r), f[1], f[2], f[3], redis.call('PEXPIRETIME', KEYS[1])}
        """;

    /// <summary>Replies nil, or {value, type, version, sliding, absolute, expire-time}.</summary>
    public const string Read = """
        #!lua flags=no-writes
        local f = redis.call('HMGET', KEYS[1], 'v', 't', 'n', 's', 'a')
        if not f[3] then return false end
        return {f[1], f[2], f[3], f[4], f[5], redis.call('PEXPIRETIME', KEYS[1])}
        """;

    /// <summary>ARGV: version, expire-at. Moves a sliding entry's expiry, only if Redis still holds that version.</summary>
    public const string Touch = """
        #!lua
        if redis.call('HGET', KEYS[1], 'n') == ARGV[1] then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
        return 1
        """;
}
