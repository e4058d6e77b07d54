using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;
using static GrainSystem.Api.Resp.Commands.RespCommandFlags;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// The keyspace commands: DEL, UNLINK, EXISTS, TYPE, the EXPIRE family, TTL and expiry times, PERSIST, DBSIZE. A
/// command on keys of several partitions runs one batch per partition: each key is linearizable, the set is not a
/// snapshot.
/// </summary>
internal static class KeyCommands
{
    private const RespCommandFlags Read = ReadOnly | Fast | Queueable | Cluster;
    private const RespCommandFlags Change = Write | Fast | Queueable | Cluster;

    public static IEnumerable<RespCommandSpec> Specs =>
    [
        new("DEL", -2, Write | Queueable | Cluster, 1, -1, 1, "generic", "1.0.0", "Deletes one or more keys.", null, Delete),
        new("UNLINK", -2, Write | Fast | Queueable | Cluster, 1, -1, 1, "generic", "4.0.0", "Asynchronously deletes one or more keys.", null, Delete),
        new("EXISTS", -2, Read, 1, -1, 1, "generic", "1.0.0", "Determines whether one or more keys exist.", null, Exists),
        new("TYPE", 2, Read, 1, 1, 1, "generic", "1.0.0", "Determines the type of value stored at a key.", null, Type),
        new("EXPIRE", -3, Change, 1, 1, 1, "generic", "1.0.0", "Sets the expiration time of a key in seconds.", null,
            (c, p) => Expire(c, p, seconds: true, absolute: false, "expire")),
        new("PEXPIRE", -3, Change, 1, 1, 1, "generic", "2.6.0", "Sets the expiration time of a key in milliseconds.", null,
            (c, p) => Expire(c, p, seconds: false, absolute: false, "pexpire")),
        new("EXPIREAT", -3, Change, 1, 1, 1, "generic", "1.2.0", "Sets the expiration time of a key to a Unix timestamp.", null,
            (c, p) => Expire(c, p, seconds: true, absolute: true, "expireat")),
        new("PEXPIREAT", -3, Change, 1, 1, 1, "generic", "2.6.0", "Sets the expiration time of a key to a Unix milliseconds timestamp.", null,
            (c, p) => Expire(c, p, seconds: false, absolute: true, "pexpireat")),
        new("TTL", 2, Read, 1, 1, 1, "generic", "1.0.0", "Returns the expiration time in seconds of a key.", null,
            (c, p) => Time(c, p, CacheOperation.TimeToLive, CacheReplies.Seconds)),
        new("PTTL", 2, Read, 1, 1, 1, "generic", "2.6.0", "Returns the expiration time in milliseconds of a key.", null,
            (c, p) => Time(c, p, CacheOperation.TimeToLive, CacheReplies.Integer)),
        new("EXPIRETIME", 2, Read, 1, 1, 1, "generic", "7.0.0", "Returns the expiration time of a key as a Unix timestamp.", null,
            (c, p) => Time(c, p, CacheOperation.ExpireTime, CacheReplies.Seconds)),
        new("PEXPIRETIME", 2, Read, 1, 1, 1, "generic", "7.0.0", "Returns the expiration time of a key as a Unix milliseconds timestamp.", null,
            (c, p) => Time(c, p, CacheOperation.ExpireTime, CacheReplies.Integer)),
        new("PERSIST", 2, Change, 1, 1, 1, "generic", "2.2.0", "Removes the expiration time of a key.", null,
            (c, p) => p.Key(c, 1, out var key) ?? p.Single(CacheOperation.Persist(key.Text), key, CacheReplies.Integer)),
        new("DBSIZE", 1, ReadOnly | Fast | Cluster, 0, 0, 0, "server", "1.0.0", "Returns the number of keys in the database.", DatabaseSize),
    ];

    private static string? Delete(RespCommand command, CachePlan plan) =>
        StringCommands.Each(command, plan, 1, 1, key => CacheOperation.Delete(key), CacheReplies.Sum);

    private static string? Exists(RespCommand command, CachePlan plan) =>
        StringCommands.Each(command, plan, 1, 1, key => CacheOperation.Exists(key), CacheReplies.Sum);

    private static string? Type(RespCommand command, CachePlan plan) =>
        plan.Key(command, 1, out var key) ?? plan.Single(CacheOperation.Exists(key.Text), key, CacheReplies.Type);

    private static string? Time(RespCommand command, CachePlan plan, Func<string, CacheOperation> operation, CacheReply reply) =>
        plan.Key(command, 1, out var key) ?? plan.Single(operation(key.Text), key, reply);

    /// <summary>EXPIRE and its variants: the options first, then the time, as Redis reads them.</summary>
    private static string? Expire(RespCommand command, CachePlan plan, bool seconds, bool absolute, string name)
    {
        bool nx = false, xx = false, gt = false, lt = false;
        for (var i = 3; i < command.Count; i++)
        {
            if (command.Is(i, "NX"u8))
            {
                nx = true;
            }
            else if (command.Is(i, "XX"u8))
            {
                xx = true;
            }
            else if (command.Is(i, "GT"u8))
            {
                gt = true;
            }
            else if (command.Is(i, "LT"u8))
            {
                lt = true;
            }
            else
            {
                return $"ERR Unsupported option {command.Text(i)}";
            }
        }

        if (nx && (xx || gt || lt))
        {
            return "ERR NX and XX, GT or LT options at the same time are not compatible";
        }

        if (gt && lt)
        {
            return "ERR GT and LT options at the same time are not compatible";
        }

        if (xx && lt)
        {
            // LT sets an expiry on a key without one (no expiry counts as infinite), XX refuses it: one condition cannot say both.
            return "ERR XX and LT options at the same time are not supported here";
        }

        // GT never sets an expiry on a key without one (no expiry counts as infinite), so XX adds nothing to it.
        var condition = nx ? CacheOperationCondition.IfAbsent : gt ? CacheOperationCondition.IfGreater : lt ? CacheOperationCondition.IfLess
            : xx ? CacheOperationCondition.IfExists : CacheOperationCondition.None;
        return ExpiryArguments.Time(command, 2, seconds, absolute, name, strict: false, out var mode, out var ms)
            ?? plan.Key(command, 1, out var key) ?? plan.Single(CacheOperation.Expire(key.Text, mode, ms, condition), key, CacheReplies.Integer);
    }

    /// <summary>DBSIZE: the live entries of every partition, counted in parallel (a sum, not a snapshot).</summary>
    private static async ValueTask DatabaseSize(RespSession session, RespCommand command) =>
        session.Reply.Integer(await CountAsync(session));

    public static async Task<long> CountAsync(RespSession session)
    {
        var cache = session.Services.Cache;
        var counts = await Task.WhenAll(Enumerable.Range(0, cache.Partitioner.Partitions)
            .Select(p => cache.CountAsync(p, session.Closed).AsTask()));
        return counts.Sum();
    }
}
