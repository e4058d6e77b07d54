using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>The replies of the cache commands, written from their operations' results as Redis writes them.</summary>
internal static class CacheReplies
{
    public const string NotInteger = "ERR value is not an integer or out of range";
    public const string Overflow = "ERR increment or decrement would overflow";
    public const string TooLarge = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    /// <summary>A value, or nil (GET, GETDEL, GETEX).</summary>
    public static void Value(RespSession session, ReadOnlySpan<CacheOperationResult> results) => WriteValue(session, results[0]);

    /// <summary>An array of values or nils (MGET).</summary>
    public static void Values(RespSession session, ReadOnlySpan<CacheOperationResult> results)
    {
        session.Reply.Array(results.Length);
        foreach (var result in results)
        {
            WriteValue(session, result);
        }
    }

    /// <summary>The integer result (STRLEN, EXPIRE, PERSIST, PTTL, PEXPIRETIME), or the error of a failed change (INCR, APPEND).</summary>
    public static void Integer(RespSession session, ReadOnlySpan<CacheOperationResult> results)
    {
        var result = results[0];
        switch (result.Status)
        {
            case CacheOperationStatus.NotAnInteger:
                session.Reply.Error(NotInteger);
                break;
            case CacheOperationStatus.Overflow:
                session.Reply.Error(Overflow);
                break;
            case CacheOperationStatus.TooLarge:
                session.Reply.Error(TooLarge);
                break;
            default:
                session.Reply.Integer(result.Number);
                break;
        }
    }

    /// <summary>Milliseconds given as Redis's rounded seconds, -1 and -2 as they are (TTL, EXPIRETIME).</summary>
    public static void Seconds(RespSession session, ReadOnlySpan<CacheOperationResult> results)
    {
        var ms = results[0].Number;
        session.Reply.Integer(ms < 0 ? ms : (ms + 500) / 1000);
    }

    /// <summary>The sum of the operations' 0/1 results (DEL, UNLINK, EXISTS of several keys).</summary>
    public static void Sum(RespSession session, ReadOnlySpan<CacheOperationResult> results)
    {
        long sum = 0;
        foreach (var result in results)
        {
            sum += result.Number;
        }

        session.Reply.Integer(sum);
    }

    /// <summary>OK, or nil when a NX|XX condition did not hold (SET).</summary>
    public static void OkOrNil(RespSession session, ReadOnlySpan<CacheOperationResult> results)
    {
        if (results[0].Status == CacheOperationStatus.Nil)
        {
            session.Reply.Null();
        }
        else
        {
            session.Reply.Ok();
        }
    }

    /// <summary>OK (MSET).</summary>
    public static void Ok(RespSession session, ReadOnlySpan<CacheOperationResult> results) => session.Reply.Ok();

    /// <summary>The previous value or nil, whatever the write did (SET … GET, GETSET).</summary>
    public static void Previous(RespSession session, ReadOnlySpan<CacheOperationResult> results)
    {
        if (results[0].Value is { } previous)
        {
            session.Reply.Bulk(previous);
        }
        else
        {
            session.Reply.Null();
        }
    }

    /// <summary>1 when written, 0 when the key was there (SETNX).</summary>
    public static void WrittenFlag(RespSession session, ReadOnlySpan<CacheOperationResult> results) =>
        session.Reply.Integer(results[0].Status == CacheOperationStatus.Nil ? 0 : 1);

    /// <summary>"string" or "none" (TYPE): every cache value is a Redis string.</summary>
    public static void Type(RespSession session, ReadOnlySpan<CacheOperationResult> results) =>
        session.Reply.Simple(results[0].Number > 0 ? "string"u8 : "none"u8);

    private static void WriteValue(RespSession session, CacheOperationResult result)
    {
        if (result is { Status: CacheOperationStatus.Ok, Value: { } value })
        {
            session.Services.Stats.Hit();
            session.Reply.Bulk(value);
        }
        else
        {
            session.Services.Stats.Miss();
            session.Reply.Null();
        }
    }
}
