using GrainSystem.Grains.Caching;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GrainSystem.Tests.Caching;

public class CacheEpochAcquireTests
{
    [Fact]
    public async Task Timeouts_and_cancelled_redis_calls_are_retried_and_each_retry_is_logged()
    {
        var logger = new RecordingLogger();
        var failures = new Exception[]
        {
            new TaskCanceledException("redis call cancelled"),
            new RedisTimeoutException("redis call timed out", CommandStatus.Sent),
        };
        var calls = 0;

        var (epoch, predecessorMs) = await CacheEpochAcquire.RunAsync(
            () => calls < failures.Length ? Task.FromException<(long, long)>(failures[calls++]) : Task.FromResult((7L + calls++, 0L)),
            partition: 3, TimeProvider.System, logger, CancellationToken.None);

        Assert.Equal(3, calls);
        Assert.Equal(9, epoch);
        Assert.Equal(0, predecessorMs);
        Assert.Equal(2, logger.Entries.Count);
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal([1, 2], logger.Entries.Select(e => (int)e.Fields["Attempt"]!));
        Assert.All(logger.Entries, e => Assert.Equal(3, e.Fields["Partition"]));
        Assert.Equal(["TaskCanceledException", "RedisTimeoutException"], logger.Entries.Select(e => (string)e.Fields["ErrorType"]!));
        Assert.True((long)logger.Entries[1].Fields["BackoffMs"]! > (long)logger.Entries[0].Fields["BackoffMs"]!);
    }

    [Fact]
    public async Task After_the_last_attempt_the_activation_fails_with_a_clear_error()
    {
        var logger = new RecordingLogger();
        var calls = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CacheEpochAcquire.RunAsync(
            () => { calls++; return Task.FromException<(long, long)>(new TaskCanceledException()); },
            partition: 5, TimeProvider.System, logger, CancellationToken.None));

        Assert.Equal(CacheEpochAcquire.Attempts, calls);
        Assert.Contains("partition 5", error.Message);
        Assert.IsType<TaskCanceledException>(error.InnerException);
        Assert.Equal(LogLevel.Error, logger.Entries[^1].Level);
        Assert.Equal(CacheEpochAcquire.Attempts, logger.Entries.Count);
    }

    [Fact]
    public async Task The_callers_own_cancellation_and_other_failures_are_not_retried()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var calls = 0;
        await Assert.ThrowsAsync<TaskCanceledException>(() => CacheEpochAcquire.RunAsync(
            () => { calls++; return Task.FromException<(long, long)>(new TaskCanceledException()); },
            partition: 1, TimeProvider.System, new RecordingLogger(), cancelled.Token));
        Assert.Equal(1, calls);

        calls = 0;
        await Assert.ThrowsAsync<RedisServerException>(() => CacheEpochAcquire.RunAsync(
            () => { calls++; return Task.FromException<(long, long)>(new RedisServerException("NOSCRIPT")); },
            partition: 1, TimeProvider.System, new RecordingLogger(), CancellationToken.None));
        Assert.Equal(1, calls);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, Dictionary<string, object?> Fields)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(kv => kv.Key, kv => kv.Value)));
    }
}
