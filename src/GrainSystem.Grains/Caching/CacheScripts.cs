namespace GrainSystem.Grains.Caching;

/// <summary>
/// The Lua scripts of write-through. Redis keys per partition p: its epoch <c>{serviceId}:cache-meta:epoch:{p}</c> (an integer
/// that every new activation increments) and its lease marker <c>{serviceId}:cache-meta:lease:{p}</c> (alive as long as the
/// owner may still serve reads from memory). Each cache key is one string <c>{serviceId}:cache:{key}</c> laid out as
/// <see cref="CacheEntry.Stored"/>, with Redis's own expiry.
/// The scripts that write carry the Redis 7 <c>#!lua</c> shebang without <c>allow-oom</c>, so a Redis out of memory refuses
/// a write batch as a whole before it starts: a batch lands whole or not at all.
/// </summary>
internal static class CacheScripts
{
    /// <summary>
    /// Writes of several partitions in one call (group commit), each partition's group fenced by its epoch, every epoch key
    /// read once per call (one MGET): the writes of a group whose epoch is no longer current are skipped (another activation
    /// took the partition over). Per key the script makes no call of its own: the sets without expiry are one MSET, the
    /// deletes one DEL; only a set with an expiry is a SET … PXAT of its own.
    /// KEYS: the m epoch keys, then the groups' cache keys in order. ARGV: m; the m epochs; the m group sizes; now (Unix ms);
    /// then three per cache key: operation, stored bytes, expire-at (Unix ms, '' = none). Operations: s set, d delete,
    /// t touch (a new expire-at only), and S / D the same while asking whether a live entry was there before (a probe).
    /// Replies "refused groups (1-based, comma-separated);probe answers" where each probe answer is 1 (a live entry) or 0.
    /// A probed entry with a sliding window is live until its deadline, Redis's expiry less half a window (Redis keeps it
    /// that much longer), or its absolute expiry when that comes first.
    /// Touches run first, so that a set of the same key sent in the same batch (a touch is only sent for the entry memory
    /// holds, never while that key's write is in flight) has the last word; the sets and deletes concern distinct keys.
    /// </summary>
    public const string WriteBatch = """
        #!lua
        local m = tonumber(ARGV[1])
        local now = tonumber(ARGV[2 * m + 2])
        local refused, groups = {}, {}
        local distinct, at = {}, {}
        for j = 1, m do
          if not at[KEYS[j]] then
            distinct[#distinct + 1] = KEYS[j]
            at[KEYS[j]] = #distinct
          end
        end
        local epochs = redis.call('MGET', unpack(distinct))
        local first, arg = m, 2 * m + 2
        for j = 1, m do
          local n = tonumber(ARGV[m + 1 + j])
          if epochs[at[KEYS[j]]] == ARGV[1 + j] then
            groups[#groups + 1] = {first, arg, n}
          else
            refused[#refused + 1] = j
          end
          first = first + n
          arg = arg + 3 * n
        end
        local probes = {}
        for _, g in ipairs(groups) do
          for i = 1, g[3] do
            local op = ARGV[g[2] + 3 * i - 2]
            if op == 'S' or op == 'D' then probes[#probes + 1] = KEYS[g[1] + i] end
          end
        end
        local live = {}
        if #probes > 0 then
          local old = redis.call('MGET', unpack(probes))
          for i = 1, #probes do
            local v, answer = old[i], '0'
            if v then
              answer = '1'
              if string.byte(v, 1) == 1 and #v >= 24 and string.byte(v, 2) % 2 == 1 then
                local a = struct.unpack('<i8', v, 11)
                local s = struct.unpack('<I4', v, 19)
                local pt = redis.call('PEXPIRETIME', probes[i])
                local deadline = pt - math.floor(s / 2)
                if a ~= 0 and pt >= a then deadline = a end
                if pt > 0 and deadline <= now then answer = '0' end
              end
            end
            live[i] = answer
          end
        end
        local mset, del = {}, {}
        for _, g in ipairs(groups) do
          for i = 1, g[3] do
            local b = g[2] + 3 * i - 2
            if ARGV[b] == 't' then redis.call('PEXPIREAT', KEYS[g[1] + i], ARGV[b + 2]) end
          end
        end
        for _, g in ipairs(groups) do
          for i = 1, g[3] do
            local k, b = KEYS[g[1] + i], g[2] + 3 * i - 2
            local op, at = ARGV[b], ARGV[b + 2]
            if op == 's' or op == 'S' then
              if at == '' then
                mset[#mset + 1] = k
                mset[#mset + 1] = ARGV[b + 1]
              else
                redis.call('SET', k, ARGV[b + 1], 'PXAT', at)
              end
            elseif op == 'd' or op == 'D' then
              del[#del + 1] = k
            end
          end
        end
        if #mset > 0 then redis.call('MSET', unpack(mset)) end
        if #del > 0 then redis.call('DEL', unpack(del)) end
        return table.concat(refused, ',') .. ';' .. table.concat(live)
        """;

    /// <summary>A key's stored bytes, and for an entry with a sliding window also Redis's expiry (Unix ms); nil when absent.</summary>
    public const string Read = """
        #!lua flags=no-writes
        local v = redis.call('GET', KEYS[1])
        if not v then return false end
        if string.byte(v, 2) == 1 then return {v, redis.call('PEXPIRETIME', KEYS[1])} end
        return {v}
        """;

    /// <summary>
    /// A new activation takes the partition: KEYS epoch, lease marker. Replies {new epoch, the marker's remaining ms (-2 none)}:
    /// the activation serves nothing until those ms have passed (its predecessor may serve reads until then).
    /// </summary>
    public const string Acquire = """
        #!lua flags=allow-oom
        local epoch = redis.call('INCR', KEYS[1])
        return {epoch, redis.call('PTTL', KEYS[2])}
        """;

    /// <summary>
    /// The owner confirms its epoch and extends its lease marker: KEYS epoch, marker; ARGV epoch, marker ms. 1 when still the
    /// owner, 0 when another activation took the partition over.
    /// </summary>
    public const string Renew = """
        #!lua flags=allow-oom
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>
    /// The owner takes a new epoch of its own (after a batch whose outcome it does not know: that batch, if it is still on
    /// its way, can then never land): KEYS epoch; ARGV epoch. The new epoch, or 0 when the partition is no longer its own.
    /// </summary>
    public const string Refence = """
        #!lua flags=allow-oom
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        return redis.call('INCR', KEYS[1])
        """;

    /// <summary>A leaving owner ends its lease marker so the next owner serves at once: KEYS epoch, marker; ARGV epoch.</summary>
    public const string Release = """
        #!lua flags=allow-oom
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
        return 1
        """;
}
