using System.Collections.Concurrent;
using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// Watches the <see cref="ILockGrain.Acquire"/> calls a silo runs, so a test can wait for a call to be inside the grain
/// (run up to its first wait) or for a caller's cancellation to have reached it, instead of hoping time did it.
/// </summary>
internal sealed class LockCallProbe : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<GrainId, int> _entered = new();
    private readonly ConcurrentDictionary<GrainId, TaskCompletionSource> _cancellations = new();

    /// <summary>Acquire calls of <paramref name="lockId"/> that have run up to their first wait (or ended).</summary>
    public int Entered(GrainId lockId) => _entered.GetValueOrDefault(lockId);

    /// <summary>Completes when a cancellation of an Acquire call of <paramref name="lockId"/> has reached the grain.</summary>
    public Task CancellationReached(GrainId lockId) => CancellationOf(lockId).Task;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(ILockGrain) || context.InterfaceMethod.Name != nameof(ILockGrain.Acquire))
        {
            await context.Invoke();
            return;
        }

        var lockId = context.TargetId;
        if (context.Request.GetArgument(1) is CancellationToken cancellation)
        {
            cancellation.Register(() => CancellationOf(lockId).TrySetResult());
        }

        var call = context.Invoke();
        _entered.AddOrUpdate(lockId, 1, (_, count) => count + 1);
        await call;
    }

    private TaskCompletionSource CancellationOf(GrainId lockId) =>
        _cancellations.GetOrAdd(lockId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
