using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Tests.Locking;

/// <summary>Asserts the status of a lock answer and returns what that status carries.</summary>
internal static class LockAssert
{
    public static LockGrant Granted(LockAcquireResult result)
    {
        Assert.Equal(LockAcquireStatus.Granted, result.Status);
        return Assert.IsType<LockGrant>(result.Grant);
    }

    public static LockAcquireResult Busy(LockAcquireResult result)
    {
        Assert.Equal(LockAcquireStatus.Busy, result.Status);
        return result;
    }

    public static LockAcquireResult Queued(LockAcquireResult result)
    {
        Assert.Equal(LockAcquireStatus.Queued, result.Status);
        return result;
    }

    public static LockRenewResult Renewed(LockRenewResult result)
    {
        Assert.Equal(LockRenewStatus.Renewed, result.Status);
        return result;
    }

    public static LockRenewResult NotOwner(LockRenewResult result)
    {
        Assert.Equal(LockRenewStatus.NotOwner, result.Status);
        return result;
    }

    public static LockReleaseResult Released(LockReleaseResult result)
    {
        Assert.Equal(LockReleaseStatus.Released, result.Status);
        return result;
    }

    public static LockReleaseResult NotOwner(LockReleaseResult result)
    {
        Assert.Equal(LockReleaseStatus.NotOwner, result.Status);
        return result;
    }
}
