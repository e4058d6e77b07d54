using System.Runtime.InteropServices;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Per-key lanes of one partition: operations of a key that await Redis run one after another, in the order
/// they arrived, while other keys (and memory hits) go on. Used only on the owning activation's turns.
/// A lane costs nothing but its dictionary slot until a second operation of the same key arrives.
/// </summary>
internal sealed class KeyLanes
{
    // A key is present while one of its operations holds the lane; the queue holds the operations waiting behind it.
    private readonly Dictionary<string, Queue<TaskCompletionSource>?> _lanes = new(StringComparer.Ordinal);

    /// <summary>
    /// Joins the lane of <paramref name="key"/>: completes at once when the key is free, otherwise when the
    /// operations ahead have left. The caller then holds the lane and must call <see cref="Leave"/> exactly once.
    /// </summary>
    public Task EnterAsync(string key)
    {
        ref var waiting = ref CollectionsMarshal.GetValueRefOrAddDefault(_lanes, key, out var held);
        if (!held)
        {
            return Task.CompletedTask;
        }

        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (waiting ??= new Queue<TaskCompletionSource>()).Enqueue(turn);
        return turn.Task;
    }

    /// <summary>Leaves the lane of <paramref name="key"/>, handing it to the next operation waiting, if any.</summary>
    public void Leave(string key)
    {
        ref var waiting = ref CollectionsMarshal.GetValueRefOrNullRef(_lanes, key);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref waiting) && waiting is { Count: > 0 })
        {
            waiting.Dequeue().SetResult();
            return;
        }

        _lanes.Remove(key);
    }

    /// <summary>Whether an operation of <paramref name="key"/> holds its lane now.</summary>
    public bool IsHeld(string key) => _lanes.Count > 0 && _lanes.ContainsKey(key);

    /// <summary>Joins the lanes of all <paramref name="keys"/> (distinct), in ordinal order, so that two callers never wait for each other's lanes.</summary>
    public async Task EnterAllAsync(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            await EnterAsync(key);
        }
    }

    /// <summary>Runs <paramref name="operation"/> in the lane of <paramref name="key"/>.</summary>
    public async Task<T> RunAsync<T>(string key, Func<Task<T>> operation)
    {
        await EnterAsync(key);
        try
        {
            return await operation();
        }
        finally
        {
            Leave(key);
        }
    }
}
