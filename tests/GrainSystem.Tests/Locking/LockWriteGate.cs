using Orleans.Storage;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// Lets a test hold one storage write of a named lock until it says go: what happens while a grant is being written
/// becomes something a test can stand inside of, instead of a race it hopes to hit.
/// </summary>
internal sealed class LockWriteGate
{
    private readonly Lock _lock = new();
    private HeldWrite? _next;

    /// <summary>The next write of lock <paramref name="name"/>'s state will wait at the gate until <see cref="HeldWrite.Go"/>.</summary>
    public HeldWrite HoldNextWrite(string name)
    {
        lock (_lock)
        {
            return _next = new HeldWrite(name);
        }
    }

    public async Task PassAsync(GrainId grainId)
    {
        HeldWrite? held;
        lock (_lock)
        {
            held = _next is { } next && grainId.Key.ToString() == next.Name ? next : null;
            if (held is not null)
            {
                _next = null;
            }
        }

        if (held is not null)
        {
            held.Arrived.TrySetResult();
            await held.Released.Task;
        }
    }

    /// <summary>One held write.</summary>
    internal sealed class HeldWrite(string name)
    {
        public string Name { get; } = name;

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the write has reached the gate (the grain's state already changed in memory).</summary>
        public Task Reached => Arrived.Task;

        public void Go() => Released.TrySetResult();
    }

    /// <summary>The silo's real default storage, with every write passing the gate first.</summary>
    internal sealed class Storage(IGrainStorage inner, LockWriteGate gate) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await gate.PassAsync(grainId);
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
