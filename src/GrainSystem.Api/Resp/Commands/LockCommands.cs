using GrainSystem.Abstractions.Locking;
using GrainSystem.Api.Resp.Protocol;
using static GrainSystem.Api.Resp.Commands.RespCommandFlags;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// Fenced locks over RESP, beyond Redis: GS.LOCK.ACQUIRE, RENEW, RELEASE, INFO on the lock façade. Times are
/// milliseconds; expiry times are Unix milliseconds of the lock's silo clock. A waiting acquire parks only its own
/// connection, and stops waiting when the connection closes.
/// </summary>
internal static class LockCommands
{
    public static IEnumerable<RespCommandSpec> Specs =>
    [
        new("GS.LOCK.ACQUIRE", -4, Write | Blocking | Cluster, 1, 1, 1, "generic", "1.0.0",
            "Acquires a fenced lock: [token, fencing token, expires-at ms], or nil when the wait ends first.", Acquire),
        new("GS.LOCK.RENEW", 4, Write | Fast | Cluster, 1, 1, 1, "generic", "1.0.0",
            "Extends a lock's lease: [fencing token, expires-at ms], or nil when the token no longer holds it.", Renew),
        new("GS.LOCK.RELEASE", 3, Write | Fast | Cluster, 1, 1, 1, "generic", "1.0.0",
            "Releases a lock: 1, or 0 when the token no longer holds it.", Release),
        new("GS.LOCK.INFO", 2, ReadOnly | Fast | Cluster, 1, 1, 1, "generic", "1.0.0",
            "A lock's state: name, held, owner, fencing token, expires-at ms, waiters (never the token).", Info),
    ];

    private static async ValueTask Acquire(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        var wait = TimeSpan.Zero;
        if (command.Count is not (4 or 6))
        {
            reply.Error(RespErrors.Syntax);
            return;
        }

        if (command.Count == 6)
        {
            if (!command.Is(4, "WAIT"u8))
            {
                reply.Error(RespErrors.Syntax);
                return;
            }

            if (!TryMilliseconds(command, 5, TimeSpan.Zero, LockLimits.MaxWait, "wait", reply, out wait))
            {
                return;
            }
        }

        if (!TryName(command, reply, out var name) || !TryOwner(command, reply, out var owner)
            || !TryMilliseconds(command, 3, LockLimits.MinLease, LockLimits.MaxLease, "lease", reply, out var lease))
        {
            return;
        }

        if (wait > TimeSpan.Zero)
        {
            // Replies to the commands before this one go out now, not after the wait.
            await session.FlushAsync();
        }

        var result = await session.Services.Locks.AcquireGrantAsync(name, owner, lease, wait, session.Closed);
        if (result is { Status: LockAcquireStatus.Granted, Grant: { } grant })
        {
            reply.Array(3);
            reply.Bulk(grant.Token);
            reply.Integer(grant.FencingToken);
            reply.Integer(grant.ExpiresAt.ToUnixTimeMilliseconds());
        }
        else
        {
            reply.NullArray();
        }
    }

    private static async ValueTask Renew(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        if (!TryName(command, reply, out var name) || !TryToken(command, reply, out var token)
            || !TryMilliseconds(command, 3, LockLimits.MinLease, LockLimits.MaxLease, "lease", reply, out var lease))
        {
            return;
        }

        var result = await session.Services.Locks.RenewAsync(name, token, lease);
        if (result is { Status: LockRenewStatus.Renewed, ExpiresAt: { } expiresAt })
        {
            reply.Array(2);
            reply.Integer(result.FencingToken);
            reply.Integer(expiresAt.ToUnixTimeMilliseconds());
        }
        else
        {
            reply.NullArray();
        }
    }

    private static async ValueTask Release(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        if (!TryName(command, reply, out var name) || !TryToken(command, reply, out var token))
        {
            return;
        }

        var result = await session.Services.Locks.ReleaseAsync(name, token);
        reply.Integer(result.Status == LockReleaseStatus.Released ? 1 : 0);
    }

    private static async ValueTask Info(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        if (!TryName(command, reply, out var name))
        {
            return;
        }

        var info = await session.Services.Locks.InspectAsync(name);
        reply.Map(6);
        reply.Bulk("name"u8);
        reply.Bulk(info.Name);
        reply.Bulk("held"u8);
        reply.Boolean(info.Held);
        reply.Bulk("owner"u8);
        if (info.Owner is null)
        {
            reply.Null();
        }
        else
        {
            reply.Bulk(info.Owner);
        }

        reply.Bulk("fencing"u8);
        reply.Integer(info.FencingToken);
        reply.Bulk("expires-at"u8);
        if (info.ExpiresAt is { } expiresAt)
        {
            reply.Integer(expiresAt.ToUnixTimeMilliseconds());
        }
        else
        {
            reply.Null();
        }

        reply.Bulk("waiters"u8);
        reply.Integer(info.Waiters);
    }

    private static bool TryName(RespCommand command, RespWriter reply, out string name)
    {
        name = command.Text(1);
        return Check(name.Length is > 0 and <= LockLimits.MaxNameLength, reply,
            $"ERR a lock name has 1 to {LockLimits.MaxNameLength} characters");
    }

    private static bool TryOwner(RespCommand command, RespWriter reply, out string owner)
    {
        owner = command.Text(2);
        return Check(owner.Length is > 0 and <= LockLimits.MaxOwnerLength, reply,
            $"ERR an owner label has 1 to {LockLimits.MaxOwnerLength} characters");
    }

    private static bool TryToken(RespCommand command, RespWriter reply, out string token)
    {
        token = command.Text(2);
        return Check(LockLimits.IsWellFormedToken(token), reply, "ERR an owner token is 32 lowercase hex digits, as granted");
    }

    private static bool TryMilliseconds(RespCommand command, int index, TimeSpan min, TimeSpan max, string what, RespWriter reply,
        out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!RespInteger.TryParse(command[index], out var ms))
        {
            reply.Error(RespErrors.NotInteger);
            return false;
        }

        var valid = ms >= (long)min.TotalMilliseconds && ms <= (long)max.TotalMilliseconds;
        value = valid ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;
        return Check(valid, reply, $"ERR {what} is {(long)min.TotalMilliseconds} to {(long)max.TotalMilliseconds} milliseconds");
    }

    private static bool Check(bool valid, RespWriter reply, string error)
    {
        if (!valid)
        {
            reply.Error(error);
        }

        return valid;
    }
}
