using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// An <see cref="ILockGrain"/> in the test's hands, for client-side behaviour that a real grain cannot be made to show on
/// demand (a renewal that hangs, a call that fails after being granted).
/// </summary>
internal sealed class FakeLockGrain : ILockGrain
{
    private readonly Lock _lock = new();

    /// <summary>Answers each <see cref="Acquire"/> call: the request and how many calls came before it.</summary>
    public required Func<LockAcquireRequest, int, Task<LockAcquireResult>> OnAcquire { get; init; }

    /// <summary>Answers each <see cref="Renew"/> call; by default a renewal that never answers (a hung silo).</summary>
    public Func<Task<LockRenewResult>> OnRenew { get; init; } = () => new TaskCompletionSource<LockRenewResult>().Task;

    public List<LockAcquireRequest> Requests { get; } = [];

    public int Renewals { get; private set; }

    public Task<LockAcquireResult> Acquire(LockAcquireRequest request, CancellationToken cancellationToken = default)
    {
        int calls;
        lock (_lock)
        {
            calls = Requests.Count;
            Requests.Add(request);
        }

        return OnAcquire(request, calls);
    }

    public Task<LockRenewResult> Renew(string token, TimeSpan lease)
    {
        lock (_lock)
        {
            Renewals++;
        }

        return OnRenew();
    }

    public Task<LockReleaseResult> Release(string token) => Task.FromResult(LockReleaseResult.Released(1));

    public Task<LockInfo> Inspect() => throw new NotSupportedException();

    public static LockGrant Grant(TimeSpan lease, TimeProvider clock) =>
        new("fake", new string('a', LockLimits.TokenLength), 1, "me", clock.GetUtcNow() + lease);
}
