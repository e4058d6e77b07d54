namespace GrainSystem.Testing;

/// <summary>
/// A storage call held before it is stored (<see cref="InMemoryGrainStorage.HoldNext"/>): what happens while a state is
/// being written becomes something a test can stand inside of, instead of a race it hopes to hit.
/// </summary>
public sealed class GrainStorageHold
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the call has reached the hold (the grain's state has already changed in memory).</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the call go on to the store.</summary>
    public void Release() => _released.TrySetResult();

    internal Task WaitAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}
