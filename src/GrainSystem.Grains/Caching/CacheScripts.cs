namespace GrainSystem.Grains.Caching;

/// <summary>
/// Lua scripts run by Redis for write-through. Each checks the version stored in Redis itself, so of two
/// activations of one partition (briefly possible during a failover) only one can win a compare-and-set or
/// apply an increment: the stale one's condition or version check fails inside Redis.
/// Hash fields: v value · t content type · n version · s sliding ms · a absolute expiry Unix ms (0 = none)
/// · x present on a tombstone (a deleted key's version, kept for <see cref="TombstoneMs"/>). An absent t, s or a
/// holds its default (application/octet-stream, 0, 0): a new entry with defaults stores only v and n.
/// An entry is live unless it is a tombstone or past its logical sliding deadline (Redis keeps a sliding entry
/// half a window longer than that deadline): scripts treat anything else as absent, yet never accept a
/// version at or below the one Redis holds, so neither a late write nor a stale activation can go back.
/// Replies start with a code: 0 condition failed · 1 applied · 2 stale (Redis holds a newer version)
/// · 3 absent / not an integer · 4 overflow · 5 Redis refused this key (for example a key of another type).
/// The <c>#!lua</c> shebang (Redis 7) makes Redis refuse a writing script as a whole when it is out of memory,
/// instead of failing half way through a batch as a script without flags would.
/// </summary>
internal static class CacheScripts
{
    /// <summary>How long a deleted key's version outlives it: longer than any stale activation or late write can.</summary>
    public const long TombstoneMs = 10 * 60 * 1000;

    // judge(key, fields, now, known) → live version or nil, version Redis holds (live, expired or tombstone) or nil;
    // fields: HMGET key n s a x. known: the version the partition holds live in memory (its reads slid the
    // deadline further than Redis knows). state(key, now, known) reads the fields itself. A version that is not a
    // decimal integer, or an expiry field that is not a number, raises an error before anything is written.
    private const string State = """

        local function judge(k, f, now, known)
          local n = f[1]
          if not n then return nil, nil end
          -- A hash written by something else: an error (a failed call, or one failed key of a batch), never a guess.
          if not string.match(n, '^%d+$') then error('cache entry ' .. k .. ': version is not a decimal integer') end
          if f[4] then return nil, n end
          local s = tonumber(f[2] or '0')
          local a = tonumber(f[3] or '0')
          if not s or not a then error('cache entry ' .. k .. ': an expiry field is not a number') end
          if s > 0 and n ~= known then
            local pt = redis.call('PEXPIRETIME', k)
            local deadline = pt - math.floor(s / 2)
            if a ~= 0 and pt >= a then deadline = a end
            if pt > 0 and deadline <= tonumber(now) then return nil, n end
          end
          return n, n
        end

        local function state(k, now, known)
          return judge(k, redis.call('HMGET', k, 'n', 's', 'a', 'x'), now, known)
        end

        """;

    /// <summary>
    /// Writes of several keys in one call (group commit), each judged on its own and isolated from the others'
    /// errors: KEYS = the keys; ARGV = 4 per key: value, content type ('' = the default, which a new entry does
    /// not store), version, and options: '' when all are defaults (no sliding or absolute expiry, unconditional,
    /// no expire-at, no known live version), else "sliding absolute mode expected expire-at known" (mode: 0 any,
    /// 1 if-version, 2 if-absent; 0 = none for the others); then now. Replies one string of two words per key:
    /// code and version-or-existed.
    /// Each key runs in its own pcall: a key of another type, a hash whose fields are not numbers or options that
    /// do not parse fail that key alone (code 5) before anything of it is written, and the rest of the batch is
    /// judged on its own. The script as a whole is refused up front when Redis is out of memory (no allow-oom
    /// flag), so a batch never stops half way.
    /// </summary>
    public const string Set = "#!lua" + State + """
        local now = ARGV[#KEYS * 4 + 1]
        local function set(k, b)
          local version, options = ARGV[b + 3], ARGV[b + 4]
          local s, a, mode, expected, at, known = '0', '0', '0', '0', '0', '0'
          if options ~= '' then
            s, a, mode, expected, at, known = string.match(options, '^(%-?%d+) (%-?%d+) (%d) (%-?%d+) (%-?%d+) (%-?%d+)$')
            if not known then return '5', '0' end
          end
          local live, held = judge(k, redis.call('HMGET', k, 'n', 's', 'a', 'x'), now, known)
          if mode == '1' and ((not live) or live ~= expected) then return '0', live or '0' end
          if mode == '2' and live then return '0', live end
          if held and tonumber(held) >= tonumber(version) then return '2', held end
          -- A dead entry (expired or a tombstone) goes whole; a new one stores only the fields that are not defaults.
          if held and not live then redis.call('DEL', k) end
          local t = ARGV[b + 2]
          if live or t ~= '' or s ~= '0' or a ~= '0' then
            if t == '' then t = 'application/octet-stream' end
            redis.call('HSET', k, 'v', ARGV[b + 1], 't', t, 'n', version, 's', s, 'a', a)
          else
            redis.call('HSET', k, 'v', ARGV[b + 1], 'n', version)
          end
          if at ~= '0' then redis.call('PEXPIREAT', k, at) elseif live then redis.call('PERSIST', k) end
          return '1', live and '1' or '0'
        end
        local out = {}
        for i = 1, #KEYS do
          local ok, code, reply = pcall(set, KEYS[i], (i - 1) * 4)
          if not ok then code, reply = '5', '0' end
          out[2 * i - 1] = code
          out[2 * i] = reply
        end
        return table.concat(out, ' ')
        """;

    /// <summary>ARGV: mode (0 any, 1 if-version), expected, known live version, now, tombstone ms. Leaves a tombstone.</summary>
    public const string Delete = "#!lua flags=allow-oom" + State + """
        local k = KEYS[1]
        local live = state(k, ARGV[4], ARGV[3])
        if not live then
          if ARGV[1] == '1' then return {0, 0} end
          return {3, 0}
        end
        if ARGV[1] == '1' and live ~= ARGV[2] then return {0, tonumber(live)} end
        redis.call('DEL', k)
        redis.call('HSET', k, 'n', live, 'x', '1')
        redis.call('PEXPIRE', k, ARGV[5])
        return {1, tonumber(live)}
        """;

    /// <summary>
    /// ARGV: delta, version, known live version, now. Replies {1, value, type, sliding, absolute, expire-time}
    /// when applied. An increment keeps a live entry's expiry; an absent or dead one starts again at 0.
    /// </summary>
    public const string Increment = "#!lua" + State + """
        local k = KEYS[1]
        local live, held = state(k, ARGV[4], ARGV[3])
        if held and tonumber(held) >= tonumber(ARGV[2]) then return {2, tonumber(held)} end
        if held and not live then redis.call('DEL', k) end
        local r = redis.pcall('HINCRBY', k, 'v', ARGV[1])
        if type(r) == 'table' and r.err then
          if string.find(r.err, 'overflow') then return {4, tonumber(live or '0')} end
          return {3, tonumber(live or '0')}
        end
        redis.call('HSET', k, 'n', ARGV[2])
        if not live then redis.call('HSET', k, 't', 'text/plain', 's', '0', 'a', '0') end
        local f = redis.call('HMGET', k, 't', 's', 'a')
        return {1, tostring(r), f[1] or 'application/octet-stream', f[2] or '0', f[3] or '0', redis.call('PEXPIRETIME', k)}
        """;

    /// <summary>ARGV: now. Replies nil (absent, dead or a tombstone), or {value, type, version, sliding, absolute, expire-time}.</summary>
    public const string Read = "#!lua flags=no-writes" + State + """
        local k = KEYS[1]
        if not state(k, ARGV[1], '0') then return false end
        local f = redis.call('HMGET', k, 'v', 't', 'n', 's', 'a')
        return {f[1], f[2], f[3], f[4], f[5], redis.call('PEXPIRETIME', k)}
        """;

    /// <summary>ARGV: version, expire-at. Moves a sliding entry's expiry, only if Redis still holds that version live.</summary>
    public const string Touch = """
        #!lua
        local f = redis.call('HMGET', KEYS[1], 'n', 'x')
        if f[1] == ARGV[1] and not f[2] then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
        return 1
        """;
}
