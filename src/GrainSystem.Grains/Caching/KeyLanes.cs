namespace GrainSystem.Grains.Caching;

/// <summary>
/// Per-key lanes of one partition: operations of a key that await Redis run one after another, in the order
/// they arrived, while other keys (and memory hits) go on. Used only on the owning activation's turns.
/// </summary>
internal sealed class KeyLanes
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

    public async Task<T> RunAsync<T>(string key, Func<Task<T>> operation)
    {
        _tails.TryGetValue(key, out var previous);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tails[key] = done.Task;
        try
        {
            if (previous is not null)
            {
                await previous; // lanes only ever complete successfully
            }

            return await operation();
        }
        finally
        {
            if (_tails.TryGetValue(key, out var tail) && tail == done.Task)
            {
                _tails.Remove(key);
            }

            done.SetResult();
        }
    }
}
