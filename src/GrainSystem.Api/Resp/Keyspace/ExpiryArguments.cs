using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// The options of SET (NX, XX, GET, KEEPTTL, EX, PX, EXAT, PXAT) and GETEX (EX, PX, EXAT, PXAT, PERSIST), read as
/// Redis's <c>parseExtendedStringArgumentsOrReply</c> reads them (a repeated or conflicting option is a syntax
/// error), and expiry times checked as Redis checks them, plus the cache's bound of 30 days ahead.
/// </summary>
internal static class ExpiryArguments
{
    /// <summary>What SET or GETEX asked for.</summary>
    public readonly record struct Options(CacheOperationCondition Condition, bool ReturnPrevious, CacheExpiryMode Expiry, long ExpiryMs);

    public static string? Parse(RespCommand command, int from, bool isSet, string name, out Options options)
    {
        options = new Options(CacheOperationCondition.None, false, isSet ? CacheExpiryMode.Persist : CacheExpiryMode.Keep, 0);
        bool nx = false, xx = false, get = false, keep = false, persist = false;
        string? unit = null;
        var timeIndex = 0;
        for (var i = from; i < command.Count; i++)
        {
            var hasNext = i + 1 < command.Count;
            if (isSet && command.Is(i, "NX"u8) && !xx)
            {
                nx = true;
            }
            else if (isSet && command.Is(i, "XX"u8) && !nx)
            {
                xx = true;
            }
            else if (isSet && command.Is(i, "GET"u8))
            {
                get = true;
            }
            else if (isSet && command.Is(i, "KEEPTTL"u8) && unit is null)
            {
                keep = true;
            }
            else if (!isSet && command.Is(i, "PERSIST"u8) && unit is null)
            {
                persist = true;
            }
            else if (hasNext && !keep && !persist && (unit is null || Ascii.EqualsIgnoreCase(command[i], unit))
                && (command.Is(i, "EX"u8) || command.Is(i, "PX"u8) || command.Is(i, "EXAT"u8) || command.Is(i, "PXAT"u8)))
            {
                unit = command.Text(i).ToUpperInvariant();
                timeIndex = ++i;
            }
            else
            {
                return RespErrors.Syntax;
            }
        }

        var condition = nx ? CacheOperationCondition.IfAbsent : xx ? CacheOperationCondition.IfExists : CacheOperationCondition.None;
        var expiry = keep ? CacheExpiryMode.Keep : persist ? CacheExpiryMode.Persist : options.Expiry;
        long ms = 0;
        if (unit is not null)
        {
            var error = Time(command, timeIndex, seconds: unit[0] == 'E', absolute: unit.EndsWith("AT", StringComparison.Ordinal), name,
                strict: true, out expiry, out ms);
            if (error is not null)
            {
                return error;
            }
        }

        options = new Options(condition, get, expiry, ms);
        return null;
    }

    /// <summary>
    /// A time argument in seconds or milliseconds, relative (<see cref="CacheExpiryMode.After"/>) or a Unix time
    /// (<see cref="CacheExpiryMode.At"/>). Strict (SET, SETEX, GETEX): it must be more than 0, as Redis requires; EXPIRE
    /// accepts any, a time not in the future deleting the key. Either way at most 30 days ahead.
    /// </summary>
    public static string? Time(RespCommand command, int index, bool seconds, bool absolute, string name, bool strict,
        out CacheExpiryMode mode, out long ms)
    {
        mode = absolute ? CacheExpiryMode.At : CacheExpiryMode.After;
        if (!RespInteger.TryParse(command[index], out ms))
        {
            return RespErrors.NotInteger;
        }

        if ((strict && ms <= 0) || (seconds && (ms > long.MaxValue / 1000 || ms < long.MinValue / 1000)))
        {
            return RespErrors.InvalidExpire(name);
        }

        if (seconds)
        {
            ms *= 1000;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (!absolute && ms > long.MaxValue - now)
        {
            return RespErrors.InvalidExpire(name);
        }

        var ahead = absolute ? ms - now : ms;
        return ahead > (long)CacheOptions.MaxTimeToLive.TotalMilliseconds
            ? $"ERR invalid expire time in '{name}' command: the cache keeps entries at most 30 days"
            : null;
    }
}
