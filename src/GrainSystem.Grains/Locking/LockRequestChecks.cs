using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>The bounds of <see cref="LockLimits"/>, enforced on what reaches a lock grain.</summary>
internal static class LockRequestChecks
{
    public static void Validate(LockAcquireRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Owner);
        if (request.WaiterId == Guid.Empty)
        {
            // A waiter id repeats a grant to whoever presents it again: it must be a fresh random one, not a guessable one.
            throw new ArgumentException("A waiter id must be a new random Guid, not Guid.Empty.", nameof(request));
        }

        if (request.Owner.Length > LockLimits.MaxOwnerLength)
        {
            throw new ArgumentException($"An owner label has at most {LockLimits.MaxOwnerLength} characters.", nameof(request));
        }

        if (!IsValidLease(request.Lease))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Lease, "A lease lasts 1 s to 1 h.");
        }

        if (request.Wait < TimeSpan.Zero || request.Wait > LockLimits.MaxWait)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Wait, "A wait lasts 0 to 5 min.");
        }

        if (request.RequestHash is { Length: 0 or > LockLimits.MaxRequestHashLength }
            || request.RememberFor < TimeSpan.Zero || request.RememberFor > LockLimits.MaxRememberFor)
        {
            throw new ArgumentException("A request fingerprint has 1 to 128 characters and is remembered for 0 to 1 day.", nameof(request));
        }
    }

    public static void ValidateLease(TimeSpan lease)
    {
        if (!IsValidLease(lease))
        {
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A lease lasts 1 s to 1 h.");
        }
    }

    private static bool IsValidLease(TimeSpan lease) => lease >= LockLimits.MinLease && lease <= LockLimits.MaxLease;
}
