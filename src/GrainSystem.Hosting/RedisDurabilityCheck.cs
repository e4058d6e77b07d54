using GrainSystem.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GrainSystem.Hosting;

/// <summary>
/// Checks, before the silo joins its cluster, that Redis keeps what it acknowledges (<see cref="RedisDurability"/>);
/// refuses to start otherwise, naming the Redis setting, unless <c>Redis:AllowVolatile</c> accepts it (then warns).
/// While Redis cannot be reached the check waits for it, as the rest of the silo does. <c>INFO</c> is an admin command
/// to StackExchange.Redis, so the check has a connection of its own, with admin commands allowed, for its duration.
/// </summary>
internal sealed partial class RedisDurabilityCheck(
    StorageBackend backend, IOptions<RedisOptions> options, ILogger<RedisDurabilityCheck> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisDurabilityCheck), ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var risks = await ReadRisksAsync(cancellationToken);
        if (risks.Count == 0)
        {
            return;
        }

        var what = string.Join(" ", risks);
        if (options.Value.AllowVolatile)
        {
            LogAccepted(logger, what);
            return;
        }

        LogRefused(logger, what);
        throw new OptionsValidationException(nameof(RedisOptions.AllowVolatile), typeof(RedisOptions),
            [$"Refusing to start on a Redis that can lose data. {what} Or set Redis__AllowVolatile=true (Redis:AllowVolatile) to accept the loss."]);
    }

    private async Task<IReadOnlyList<string>> ReadRisksAsync(CancellationToken cancellationToken)
    {
        var configuration = backend.CloneRedisConfiguration();
        configuration.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var server = redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica)
                    ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no primary connected yet");
                var persistence = await server.InfoAsync("persistence").WaitAsync(cancellationToken);
                var memory = await server.InfoAsync("memory").WaitAsync(cancellationToken);
                return RedisDurability.RisksOf(Field(persistence, "aof_enabled"), Field(memory, "maxmemory_policy"));
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                LogWaiting(logger, attempt, exception.Message);
                await Task.Delay(RetryPause, cancellationToken);
            }
        }
    }

    private static string? Field(IGrouping<string, KeyValuePair<string, string>>[] info, string name) =>
        info.SelectMany(section => section).Where(pair => pair.Key == name).Select(pair => pair.Value).FirstOrDefault();

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: {Risks}")]
    private static partial void LogRefused(ILogger logger, string risks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting on a Redis that can lose data, as Redis:AllowVolatile allows: {Risks}")]
    private static partial void LogAccepted(ILogger logger, string risks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for Redis to check its persistence settings (attempt {Attempt}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
