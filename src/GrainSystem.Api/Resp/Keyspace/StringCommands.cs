using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;
using static GrainSystem.Api.Resp.Commands.RespCommandFlags;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>The string commands, as cache operations: GET, SET and its variants, counters, APPEND, STRLEN, MGET, MSET.</summary>
internal static class StringCommands
{
    private const RespCommandFlags Read = ReadOnly | Fast | Queueable | Cluster;
    private const RespCommandFlags Change = Write | Fast | Queueable | Cluster;

    public static IEnumerable<RespCommandSpec> Specs =>
    [
        new("GET", 2, Read, 1, 1, 1, "string", "1.0.0", "Returns the string value of a key.", null, Get),
        new("SET", -3, Change, 1, 1, 1, "string", "1.0.0", "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", null, Set),
        new("SETEX", 4, Change, 1, 1, 1, "string", "2.0.0", "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.", null, SetEx),
        new("PSETEX", 4, Change, 1, 1, 1, "string", "2.6.0", "Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist.", null, PSetEx),
        new("SETNX", 3, Change, 1, 1, 1, "string", "1.0.0", "Set the string value of a key only when the key doesn't exist.", null, SetNx),
        new("GETSET", 3, Change, 1, 1, 1, "string", "1.0.0", "Returns the previous string value of a key after setting it to a new value.", null, GetSet),
        new("GETDEL", 2, Change, 1, 1, 1, "string", "6.2.0", "Returns the string value of a key after deleting the key.", null, GetDel),
        new("GETEX", -2, Change, 1, 1, 1, "string", "6.2.0", "Returns the string value of a key after setting its expiration time.", null, GetEx),
        new("STRLEN", 2, Read, 1, 1, 1, "string", "2.2.0", "Returns the length of a string value.", null, StrLen),
        new("APPEND", 3, Change, 1, 1, 1, "string", "2.0.0", "Appends a string to the value of a key. Creates the key if it doesn't exist.", null, Append),
        new("INCR", 2, Change, 1, 1, 1, "string", "1.0.0", "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", null,
            (c, p) => Increment(c, p, 1)),
        new("DECR", 2, Change, 1, 1, 1, "string", "1.0.0", "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", null,
            (c, p) => Increment(c, p, -1)),
        new("INCRBY", 3, Change, 1, 1, 1, "string", "1.0.0", "Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.", null,
            (c, p) => IncrementBy(c, p, negate: false)),
        new("DECRBY", 3, Change, 1, 1, 1, "string", "1.0.0", "Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.", null,
            (c, p) => IncrementBy(c, p, negate: true)),
        new("MGET", -2, ReadOnly | Fast | Queueable | Cluster, 1, -1, 1, "string", "1.0.0", "Atomically returns the string values of one or more keys.", null, MGet),
        new("MSET", -3, Write | Queueable | Cluster, 1, -1, 2, "string", "1.0.1", "Atomically creates or modifies the string values of one or more keys.", null, MSet),
        new("MSETNX", -3, Write | Cluster, 1, -1, 2, "string", "1.0.1", "Atomically modifies the string values of one or more keys only when all keys don't exist.",
            MultiSetIfAbsent.RunAsync),
    ];

    private static string? Get(RespCommand command, CachePlan plan) =>
        plan.Key(command, 1, out var key) ?? plan.Single(CacheOperation.Get(key.Text), key, CacheReplies.Value);

    private static string? Set(RespCommand command, CachePlan plan) =>
        ExpiryArguments.Parse(command, 3, isSet: true, "set", out var o) ?? plan.Key(command, 1, out var key) ?? plan.Single(
            CacheOperation.Set(key.Text, command.Memory(2).ToArray(), o.Expiry, o.ExpiryMs, o.Condition, o.ReturnPrevious), key,
            o.ReturnPrevious ? CacheReplies.Previous : CacheReplies.OkOrNil);

    private static string? SetEx(RespCommand command, CachePlan plan) => SetWithExpiry(command, plan, seconds: true, "setex");

    private static string? PSetEx(RespCommand command, CachePlan plan) => SetWithExpiry(command, plan, seconds: false, "psetex");

    private static string? SetWithExpiry(RespCommand command, CachePlan plan, bool seconds, string name) =>
        ExpiryArguments.Time(command, 2, seconds, absolute: false, name, strict: true, out var mode, out var ms) ?? plan.Key(command, 1, out var key)
        ?? plan.Single(CacheOperation.Set(key.Text, command.Memory(3).ToArray(), mode, ms), key, CacheReplies.OkOrNil);

    private static string? SetNx(RespCommand command, CachePlan plan) =>
        plan.Key(command, 1, out var key) ?? plan.Single(
            CacheOperation.Set(key.Text, command.Memory(2).ToArray(), condition: CacheOperationCondition.IfAbsent), key, CacheReplies.WrittenFlag);

    private static string? GetSet(RespCommand command, CachePlan plan) =>
        plan.Key(command, 1, out var key)
        ?? plan.Single(CacheOperation.Set(key.Text, command.Memory(2).ToArray(), returnPrevious: true), key, CacheReplies.Previous);

    private static string? GetDel(RespCommand command, CachePlan plan) =>
        plan.Key(command, 1, out var key) ?? plan.Single(CacheOperation.GetDelete(key.Text), key, CacheReplies.Value);

    private static string? GetEx(RespCommand command, CachePlan plan) =>
        ExpiryArguments.Parse(command, 2, isSet: false, "getex", out var o) ?? plan.Key(command, 1, out var key)
        ?? plan.Single(CacheOperation.GetExpire(key.Text, o.Expiry, o.ExpiryMs), key, CacheReplies.Value);

    private static string? StrLen(RespCommand command, CachePlan plan) =>
        plan.Key(command, 1, out var key) ?? plan.Single(CacheOperation.Length(key.Text), key, CacheReplies.Integer);

    private static string? Append(RespCommand command, CachePlan plan) =>
        plan.Key(command, 1, out var key) ?? plan.Single(CacheOperation.Append(key.Text, command.Memory(2).ToArray()), key, CacheReplies.Integer);

    private static string? Increment(RespCommand command, CachePlan plan, long delta) =>
        plan.Key(command, 1, out var key) ?? plan.Single(CacheOperation.Increment(key.Text, delta), key, CacheReplies.Integer);

    private static string? IncrementBy(RespCommand command, CachePlan plan, bool negate)
    {
        if (!RespInteger.TryParse(command[2], out var delta))
        {
            return RespErrors.NotInteger;
        }

        return negate && delta == long.MinValue ? "ERR decrement would overflow" : Increment(command, plan, negate ? -delta : delta);
    }

    private static string? MGet(RespCommand command, CachePlan plan) =>
        Each(command, plan, 1, 1, key => CacheOperation.Get(key), CacheReplies.Values);

    private static string? MSet(RespCommand command, CachePlan plan)
    {
        if (command.Count % 2 == 0)
        {
            return RespErrors.Arity("mset");
        }

        var first = plan.Count;
        var error = Each(command, plan, 1, 2, (key, i) => CacheOperation.Set(key, command.Memory(i + 1).ToArray()), CacheReplies.Ok);
        if (error is null && !plan.InOnePartition(first))
        {
            plan.Truncate(first);
            return RespErrors.CrossSlot;
        }

        return error;
    }

    /// <summary>One operation per key, the keys every <paramref name="step"/> arguments from <paramref name="from"/>.</summary>
    internal static string? Each(RespCommand command, CachePlan plan, int from, int step, Func<string, CacheOperation> operation, CacheReply reply) =>
        Each(command, plan, from, step, (key, _) => operation(key), reply);

    internal static string? Each(RespCommand command, CachePlan plan, int from, int step, Func<string, int, CacheOperation> operation,
        CacheReply reply)
    {
        var first = plan.Count;
        for (var i = from; i < command.Count; i += step)
        {
            var error = plan.Key(command, i, out var key);
            if (error is not null)
            {
                plan.Truncate(first);
                return error;
            }

            plan.Add(operation(key.Text, i), key.Partition);
        }

        plan.Reply = reply;
        return null;
    }
}
