using System.Globalization;
using GrainSystem.Abstractions.Locking;
using GrainSystem.Api.Http;
using GrainSystem.Client.Locking;
using GrainSystem.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GrainSystem.Api.Locking;

/// <summary>HTTP routes of the Locking feature: acquire (with a wait), renew, release, inspect.</summary>
public static class LockEndpoints
{
    public static IEndpointRouteBuilder MapLockEndpoints(this IEndpointRouteBuilder app)
    {
        var locks = app.MapGroup("/locks").WithTags("Locks");
        locks.MapPost("/{name}/acquire", Acquire).WithSummary("Acquire a lock, waiting up to waitSeconds in a FIFO queue.");
        locks.MapPost("/{name}/renew", Renew).WithSummary("Extend the lease of a grant.");
        locks.MapPost("/{name}/release", Release).WithSummary("Release a grant; the next waiter gets the lock at once.");
        locks.MapGet("/{name}", Inspect).WithSummary("A lock's state, never its owner token.");
        return app;
    }

    private static async Task<Results<Ok<LockGrantResponse>, ProblemHttpResult>> Acquire(string name, AcquireLockRequest request,
        ILockClient locks, GrainCallBudget budget, HttpContext context, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey.Read(context, out var keyProblem);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var errors = new ValidationErrors();
        CheckName(errors, name);
        errors.Check(!string.IsNullOrEmpty(request.Owner), "owner", "An owner label is required.")
            .Check(request.Owner is null || request.Owner.Length <= LockLimits.MaxOwnerLength, "owner",
                $"An owner label has at most {LockLimits.MaxOwnerLength} characters.");
        var lease = CheckLease(errors, request.LeaseSeconds);
        var wait = request.WaitSeconds ?? 0;
        errors.Check(double.IsFinite(wait) && wait >= 0 && wait <= LockLimits.MaxWait.TotalSeconds, "waitSeconds",
            $"waitSeconds is 0 to {LockLimits.MaxWait.TotalSeconds:0}.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Under a key the waiter id comes from the key and the grant is remembered with the request's fingerprint in the
        // lock's own state, so a retry (also after a failover) gets the first grant back and is granted nothing again.
        var acquisition = key is null
            ? new LockAcquireRequest(Guid.NewGuid(), request.Owner!, lease, TimeSpan.FromSeconds(wait))
            : new LockAcquireRequest(key.ToGuid(), request.Owner!, lease, TimeSpan.FromSeconds(wait),
                IdempotencyKey.Fingerprint(request.Owner, lease.Ticks.ToString(CultureInfo.InvariantCulture),
                    wait.ToString("R", CultureInfo.InvariantCulture)), key.Retention);
        var result = await AcquireWithinAsync(locks, name, acquisition, budget, cancellationToken);
        var response = context.Response;
        switch (result.Status)
        {
            case LockAcquireStatus.Granted:
                var grant = result.Grant!;
                return TypedResults.Ok(new LockGrantResponse(grant.Name, grant.Token, grant.FencingToken, grant.Owner, grant.ExpiresAt));
            case LockAcquireStatus.Busy:
                response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return Problems.Status(StatusCodes.Status409Conflict, "The lock is held.",
                    result.HolderOwner is null
                        ? $"Lock '{name}' is promised to an earlier waiter."
                        : $"Lock '{name}' is held by '{result.HolderOwner}'.",
                    [new("owner", result.HolderOwner), new("expiresAt", result.HolderExpiresAt)]);
            case LockAcquireStatus.KeyReused:
                return IdempotencyKey.Reused();
            default:
                throw new InvalidOperationException($"Unexpected acquire result {result.Status}.");
        }
    }

    /// <summary>
    /// The acquire, answered within its wait plus one response timeout: a call that failed near the end of the wait is
    /// followed by one more call (it returns the grant if the failed one was granted), which may itself wait on a frozen
    /// Redis. Past the budget the answer is "outcome unknown" (<see cref="TimeoutException"/>: 503; a retry under the same
    /// <c>Idempotency-Key</c> learns it). The lock is not told to cancel: a cancelled call whose grant was being written has
    /// that grant released, and the retry would then be answered with a grant that no longer holds; the call runs on, and
    /// its grant stands for the retry.
    /// </summary>
    private static async Task<LockAcquireResult> AcquireWithinAsync(ILockClient locks, string name, LockAcquireRequest acquisition,
        GrainCallBudget budget, CancellationToken aborted)
    {
        var within = acquisition.Wait + budget.ResponseTimeout;
        var call = locks.AcquireGrantAsync(name, acquisition, aborted);
        try
        {
            return await call.WaitAsync(within, aborted);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            LateCalls.LeaveRunning(call);
            throw new TimeoutException($"Lock '{name}' gave no answer within its wait plus the response timeout ({within}).");
        }
    }

    private static async Task<Results<Ok<LockRenewResponse>, ProblemHttpResult>> Renew(string name, RenewLockRequest request,
        ILockClient locks)
    {
        var errors = new ValidationErrors();
        CheckName(errors, name);
        CheckToken(errors, request.Token);
        var lease = CheckLease(errors, request.LeaseSeconds);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // A stale duplicate activation's InconsistentStateException (it changed nothing and is deactivating) becomes
        // 503 + Retry-After in the shared exception handler, like other unavailability: the retry reaches the current one.
        var result = await locks.RenewAsync(name, request.Token!, lease);

        return result.Status switch
        {
            LockRenewStatus.Renewed => TypedResults.Ok(new LockRenewResponse(result.FencingToken, result.ExpiresAt!.Value)),
            LockRenewStatus.NotOwner => NotOwner(name, result.HolderOwner),
            var other => throw new InvalidOperationException($"Unexpected renew result {other}."),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Release(string name, ReleaseLockRequest request, ILockClient locks)
    {
        var errors = new ValidationErrors();
        CheckName(errors, name);
        CheckToken(errors, request.Token);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // A stale duplicate activation's InconsistentStateException (it changed nothing and is deactivating) becomes
        // 503 + Retry-After in the shared exception handler, like other unavailability: the retry reaches the current one.
        var result = await locks.ReleaseAsync(name, request.Token!);

        return result.Status switch
        {
            LockReleaseStatus.Released => TypedResults.NoContent(),
            LockReleaseStatus.NotOwner => NotOwner(name, result.HolderOwner),
            var other => throw new InvalidOperationException($"Unexpected release result {other}."),
        };
    }

    private static async Task<Results<Ok<LockInfoResponse>, ProblemHttpResult>> Inspect(string name, ILockClient locks)
    {
        var errors = new ValidationErrors();
        CheckName(errors, name);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var info = await locks.InspectAsync(name);
        return TypedResults.Ok(new LockInfoResponse(info.Name, info.Held, info.Owner, info.FencingToken, info.ExpiresAt, info.Waiters));
    }

    private static ProblemHttpResult NotOwner(string name, string? holderOwner) =>
        Problems.Status(StatusCodes.Status409Conflict, "Not the owner.",
            $"The token does not hold lock '{name}' (wrong, stale or expired): the lock is lost; nothing changed.",
            [new("owner", holderOwner)]);

    private static void CheckName(ValidationErrors errors, string name) =>
        errors.Check(name.Length <= LockLimits.MaxNameLength, "name", $"A lock name has at most {LockLimits.MaxNameLength} characters.");

    private static void CheckToken(ValidationErrors errors, string? token) =>
        errors.Check(LockLimits.IsWellFormedToken(token), "token", "An owner token is 32 lowercase hex digits, as granted.");

    private static TimeSpan CheckLease(ValidationErrors errors, double? leaseSeconds)
    {
        var valid = leaseSeconds is { } seconds && double.IsFinite(seconds)
            && seconds >= LockLimits.MinLease.TotalSeconds && seconds <= LockLimits.MaxLease.TotalSeconds;
        errors.Check(valid, "leaseSeconds",
            $"leaseSeconds is required, {LockLimits.MinLease.TotalSeconds:0} to {LockLimits.MaxLease.TotalSeconds:0}.");
        return valid ? TimeSpan.FromSeconds(leaseSeconds!.Value) : TimeSpan.Zero;
    }
}
