using GrainSystem.Resp.Tests.Support;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>
/// The string, key and transaction commands against redis-server: each script's replies must be the same bytes
/// (see <see cref="ParityScript"/>). The scripts keep away from what is documented to differ (times beyond 30 days,
/// keys that are not UTF-8) and from exact milliseconds.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class CacheParityTests(EmbeddedApi api, RedisReference redis) : IClassFixture<RedisReference>
{
    public static TheoryData<string, string[][]> Scripts => new()
    {
        { "get and set", [["GET", "$k"], ["SET", "$k", "v"], ["GET", "$k"], ["SET", "$k", "w", "GET"], ["SET", "$n", "x", "GET"],
            ["SET", "$k", "a", "NX"], ["SET", "$k", "b", "XX"], ["GET", "$k"], ["SET", "$new", "c", "XX"], ["SET", "$new", "d", "NX", "GET"],
            ["SET", "$k", "e", "NX", "XX"], ["SET", "$k", "e", "EX"], ["SET", "$k", "e", "EX", "ten"], ["SET", "$k", "e", "EX", "0"],
            ["SET", "$k", "e", "PX", "-5"], ["SET", "$k", "e", "EX", "10", "PX", "10"], ["SET", "$k", "e", "KEEPTTL", "EX", "10"],
            ["SET", "$k", "e", "BOGUS"], ["SET", "$k"], ["GET"]] },
        { "expiry options", [["SET", "$k", "v", "EX", "100"], ["TTL", "$k"], ["SET", "$k", "w", "KEEPTTL"], ["TTL", "$k"],
            ["SET", "$k", "x"], ["TTL", "$k"], ["TTL", "$missing"], ["PTTL", "$missing"], ["SET", "$k", "v", "EXAT", "<in:1000>"],
            ["EXPIRETIME", "$k"], ["PEXPIRETIME", "$k"], ["SET", "$k", "v", "PXAT", "1"], ["GET", "$k"], ["EXISTS", "$k"]] },
        { "setex and friends", [["SETEX", "$k", "100", "v"], ["TTL", "$k"], ["SETEX", "$k", "0", "v"], ["SETEX", "$k", "x", "v"],
            ["PSETEX", "$k", "100000", "v"], ["TTL", "$k"], ["PSETEX", "$k", "-1", "v"], ["SETNX", "$k", "other"], ["SETNX", "$j", "one"],
            ["GET", "$j"], ["GETSET", "$j", "two"], ["GETSET", "$none", "three"], ["GETDEL", "$j"], ["GETDEL", "$j"], ["GET", "$none"]] },
        { "getex", [["SET", "$k", "v"], ["GETEX", "$k"], ["TTL", "$k"], ["GETEX", "$k", "EX", "100"], ["TTL", "$k"], ["GETEX", "$k", "PERSIST"],
            ["TTL", "$k"], ["GETEX", "$k", "PERSIST", "EX", "5"], ["GETEX", "$k", "KEEPTTL"], ["GETEX", "$k", "EX", "-1"],
            ["GETEX", "$missing", "EX", "10"], ["EXISTS", "$missing"]] },
        { "counters", [["INCR", "$c"], ["INCR", "$c"], ["INCRBY", "$c", "10"], ["DECR", "$c"], ["DECRBY", "$c", "5"], ["GET", "$c"],
            ["INCRBY", "$c", "x"], ["DECRBY", "$c", "-9223372036854775808"], ["SET", "$c", "9223372036854775807"], ["INCR", "$c"],
            ["SET", "$c", "-9223372036854775808"], ["DECR", "$c"], ["SET", "$s", "text"], ["INCR", "$s"], ["SET", "$s", " 1"], ["INCR", "$s"],
            ["SET", "$s", "01"], ["INCR", "$s"], ["SET", "$e", "5", "EX", "100"], ["INCR", "$e"], ["TTL", "$e"]] },
        { "append and strlen", [["STRLEN", "$k"], ["APPEND", "$k", "hello"], ["APPEND", "$k", " world"], ["GET", "$k"], ["STRLEN", "$k"],
            ["APPEND", "$k"]] },
        { "mget and mset", [["MSET", "$a", "1", "$b", "2"], ["MGET", "$a", "$b", "$c"], ["MSET", "$a", "1", "$b"], ["MSETNX", "$b", "x", "$c", "3"],
            ["MGET", "$b", "$c"], ["MSETNX", "$c", "3", "$d", "4"], ["MGET", "$c", "$d"], ["MSETNX", "$e"]] },
        { "del exists type", [["MSET", "$a", "1", "$b", "2"], ["EXISTS", "$a", "$b", "$a", "$x"], ["TYPE", "$a"], ["TYPE", "$x"],
            ["DEL", "$a", "$x"], ["UNLINK", "$b", "$b"], ["EXISTS", "$a", "$b"], ["DEL"]] },
        { "expire", [["EXPIRE", "$k", "100"], ["SET", "$k", "v"], ["EXPIRE", "$k", "100"], ["TTL", "$k"], ["EXPIRE", "$k", "50", "GT"],
            ["EXPIRE", "$k", "200", "GT"], ["TTL", "$k"], ["EXPIRE", "$k", "300", "LT"], ["EXPIRE", "$k", "150", "LT"], ["TTL", "$k"],
            ["EXPIRE", "$k", "10", "NX"], ["EXPIRE", "$k", "10", "XX"], ["TTL", "$k"], ["PERSIST", "$k"], ["PERSIST", "$k"],
            ["EXPIRE", "$k", "10", "XX"], ["EXPIRE", "$k", "10", "GT"], ["EXPIRE", "$k", "10", "LT"], ["TTL", "$k"],
            ["EXPIRE", "$k", "10", "NX", "XX"], ["EXPIRE", "$k", "10", "GT", "LT"], ["EXPIRE", "$k", "10", "FOO"], ["EXPIRE", "$k", "abc"],
            ["PEXPIRE", "$k", "100000"], ["TTL", "$k"], ["EXPIREAT", "$k", "<in:500>"], ["EXPIRETIME", "$k"],
            ["PEXPIREAT", "$k", "<inms:600123>"], ["PEXPIRETIME", "$k"], ["EXPIRE", "$k", "-1"], ["EXISTS", "$k"], ["EXPIRE", "$k", "9223372036854775807"]] },
        { "multi exec", [["MULTI"], ["SET", "$k", "1"], ["INCR", "$k"], ["GET", "$k"], ["PING"], ["EXEC"], ["EXEC"], ["DISCARD"],
            ["MULTI"], ["MULTI"], ["INCR", "$k"], ["DISCARD"], ["GET", "$k"], ["MULTI"], ["SET", "$k", "x"], ["INCR", "$k"], ["EXEC"],
            ["MULTI"], ["NOSUCH"], ["SET", "$k", "y"], ["EXEC"], ["GET", "$k"], ["MULTI"], ["SET", "$k"], ["EXEC"],
            ["MULTI"], ["SET", "$k", "z", "EX", "zz"], ["GET", "$k"], ["EXEC"]] },
        { "watch", [["SET", "$k", "1"], ["WATCH", "$k"], ["@2", "SET", "$k", "2"], ["MULTI"], ["SET", "$k", "3"], ["EXEC"], ["GET", "$k"],
            ["WATCH", "$k"], ["MULTI"], ["SET", "$k", "4"], ["EXEC"], ["GET", "$k"], ["WATCH", "$k"], ["UNWATCH"], ["@2", "SET", "$k", "5"],
            ["MULTI"], ["SET", "$k", "6"], ["EXEC"], ["MULTI"], ["WATCH", "$k"], ["DISCARD"], ["WATCH", "$k"], ["@2", "DEL", "$k"], ["MULTI"], ["EXEC"]] },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public Task Replies_are_the_bytes_redis_sends(string name, string[][] commands) =>
        ParityScript.RunAsync(name, commands, redis.Server.Port, api);
}
