using System.Diagnostics;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>Runs <c>count</c> operations with a fixed number of concurrent callers and returns operations per second.</summary>
internal static class LoadRunner
{
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

    /// <summary>As <see cref="RunAsync"/>, telling each operation which caller (0 … concurrency − 1) runs it.</summary>
    public static async Task<double> RunPerCallerAsync(int concurrency, int count, Func<int, int, Task> operation, CancellationToken cancellationToken)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !cancellationToken.IsCancellationRequested)
            {
                await operation(caller, i);
            }
        }, cancellationToken)));
        return count / clock.Elapsed.TotalSeconds;
    }
}
