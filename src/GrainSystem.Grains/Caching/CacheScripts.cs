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
    /// Writes of several partitions in one call (group commit), each partition's group fenced by its epoch, every epoch read
    /// once per call (one MGET): the writes of a group whose epoch is no longer current are skipped (another activation took
    /// the partition over). Per key the script makes no call of its own: the sets without expiry are one MSET, the deletes one
    /// DEL, the probes one MGET; only a set with an expiry is a SET … PXAT and a touch a PEXPIREAT of its own. A call whose
    /// fences all hold and whose writes all are probed sets without expiry first tries them as one MSETNX, built by a loop
    /// that does nothing else: when none of the keys exists (new keys), that stores them all and answers every probe at once.
    /// KEYS: the f fence epoch keys (one per partition and epoch of the call), then the cache keys in order.
    /// ARGV: f; the f expected epochs joined by ','; the groups, 4 bytes each (fence index 1-based, write count; big-endian
    /// 16-bit); the operations, one byte per cache key; now (Unix ms); then each key's arguments in order: s the stored
    /// bytes, x the stored bytes and the expire-at (Unix ms), t the expire-at, d none. Operations: s set, x set with an
    /// expiry, d delete, t touch (a new expire-at only); S, X and D the same while asking whether a live entry was there
    /// before (a probe).
    /// Replies "refused groups (1-based, comma-separated);probe answers" where each probe answer is 1 (a live entry) or 0.
    /// A probed entry with a sliding window is live until its deadline, Redis's expiry less half a window (Redis keeps it
    /// that much longer), or its absolute expiry when that comes first.
    /// Touches run first, so that a set of the same key sent in the same batch (a touch is only sent for the entry memory
    /// holds, never while that key's write is in flight) has the last word; the sets and deletes concern distinct keys.
    /// </summary>
    public const string WriteBatch = """
        #!lua
        local f = tonumber(ARGV[1])
        local spec, ops = ARGV[3], ARGV[4]
        local epochs = redis.call('MGET', unpack(KEYS, 1, f))
        local joined, text = pcall(table.concat, epochs, ',')
        local all = joined and text == ARGV[2]
        local keep, refused = {}, {}
        if not all then
          local holds, i = {}, 1
          for e in string.gmatch(ARGV[2], '[^,]+') do
            holds[i] = epochs[i] == e
            i = i + 1
          end
          local k = 0
          for j = 1, #spec / 4 do
            local a, b, c, d = string.byte(spec, 4 * j - 3, 4 * j)
            local pass, size = holds[a * 256 + b], c * 256 + d
            if not pass then refused[#refused + 1] = j end
            for i = k + 1, k + size do keep[i] = pass end
            k = k + size
          end
        end
        local n = #ops
        if all and not string.find(ops, '[^S]') then
          local kv = {}
          for i = 1, n do
            kv[2 * i - 1] = KEYS[f + i]
            kv[2 * i] = ARGV[5 + i]
          end
          if redis.call('MSETNX', unpack(kv)) == 1 then return ';' .. string.rep('0', n) end
        end
        local mset, mn, del, probes, pn, timed, touches = {}, 0, {}, {}, 0, {}, {}
        local arg = 5
        for i = 1, n do
          if all or keep[i] then
            local o, key = string.byte(ops, i), KEYS[f + i]
            if o == 115 or o == 83 then
              mset[mn + 1] = key
              mset[mn + 2] = ARGV[arg + 1]
              mn = mn + 2
              arg = arg + 1
            elseif o == 120 or o == 88 then
              timed[#timed + 1] = i
              timed[#timed + 1] = arg
              arg = arg + 2
            elseif o == 116 then
              touches[#touches + 1] = key
              touches[#touches + 1] = ARGV[arg + 1]
              arg = arg + 1
            else
              del[#del + 1] = key
            end
            if o == 83 or o == 88 or o == 68 then
              pn = pn + 1
              probes[pn] = key
            end
          else
            local o = string.byte(ops, i)
            if o == 120 or o == 88 then arg = arg + 2 elseif o ~= 100 and o ~= 68 then arg = arg + 1 end
          end
        end
        local live = {}
        if pn > 0 then
          local now = tonumber(ARGV[5])
          local old = redis.call('MGET', unpack(probes))
          for i = 1, pn do
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
        for i = 1, #touches, 2 do redis.call('PEXPIREAT', touches[i], touches[i + 1]) end
        for i = 1, #timed, 2 do
          local a = timed[i + 1]
          redis.call('SET', KEYS[f + timed[i]], ARGV[a + 1], 'PXAT', ARGV[a + 2])
        end
        if mn > 0 then redis.call('MSET', unpack(mset)) end
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
