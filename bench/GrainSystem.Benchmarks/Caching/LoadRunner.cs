using System.Diagnostics;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// Runs <c>count</c> operations with a fixed number of concurrent callers. The product and its baselines go
/// through the same loop: one await of the operation's result and one check of it per operation, so neither
/// side pays for harness code the other does not.
/// </summary>
internal static class LoadRunner
{
    /// <summary>Operations per second counting only the operations whose result <paramref name="succeeded"/> accepts, and how many it refused.</summary>
    public static Task<LoadResult> RunAsync<T>(int concurrency, int count, Func<int, ValueTask<T>> operation, Func<T, bool> succeeded,
        CancellationToken cancellationToken) =>
        RunPerCallerAsync(concurrency, count, (_, i) => operation(i), succeeded, cancellationToken);

    /// <summary>As <see cref="RunAsync{T}"/>, telling each operation which caller (0 … concurrency − 1) runs it.</summary>
    public static async Task<LoadResult> RunPerCallerAsync<T>(int concurrency, int count, Func<int, int, ValueTask<T>> operation,
        Func<T, bool> succeeded, CancellationToken cancellationToken)
    {
        var next = -1;
        var failed = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !cancellationToken.IsCancellationRequested)
            {
                if (!succeeded(await operation(caller, i)))
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, cancellationToken)));
        var elapsed = clock.Elapsed.TotalSeconds;

        // Only accepted results count: a refusal is fast and would inflate the rate.
        return new LoadResult((count - failed) / elapsed, failed, count);
    }

    /// <summary>
    /// As <see cref="RunAsync{T}"/> for <paramref name="duration"/> or <paramref name="limit"/> operations, whichever ends first: a
    /// round takes no longer however busy the machine is, and holds no more keys however idle it is.
    /// </summary>
    public static async Task<LoadResult> RunForAsync<T>(int concurrency, TimeSpan duration, int limit, Func<int, ValueTask<T>> operation,
        Func<T, bool> succeeded, CancellationToken cancellationToken)
    {
        var next = -1;
        var failed = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while (clock.Elapsed < duration && (i = Interlocked.Increment(ref next)) < limit && !cancellationToken.IsCancellationRequested)
            {
                if (!succeeded(await operation(i)))
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, cancellationToken)));
        var elapsed = clock.Elapsed.TotalSeconds;
        var count = Math.Min(next + 1L, limit);
        return new LoadResult((count - failed) / elapsed, failed, count);
    }

    /// <summary>Runs <paramref name="count"/> operations whose results are not checked (filling and warming up); returns operations per second.</summary>
    public static async Task<double> RunAsync(int concurrency, int count, Func<int, Task> operation, CancellationToken cancellationToken)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !cancellationToken.IsCancellationRequested)
            {
                await operation(i);
            }
        }, cancellationToken)));
        return count / clock.Elapsed.TotalSeconds;
    }
}

/// <summary>A load run's rate (accepted operations per second), the number of operations whose result was refused, and of all it ran.</summary>
internal readonly record struct LoadResult(double Rate, long Failures, long Operations);
