using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace GrainSystem.Grains.Hosting;

/// <summary>Reads <c>ConnectionStrings:Redis</c>; absent means embedded mode (no Redis anywhere).</summary>
public static class RedisSettings
{
    public const string ConnectionStringName = "Redis";

    public static ConfigurationOptions? From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or RedisConnectionException)
        {
            throw new InvalidOperationException($"ConnectionStrings:Redis is not a valid Redis connection string: {ex.Message}", ex);
        }

        // Keep retrying in the background when Redis is down at start instead of failing the process;
        // callers see fast failures (503) until it is back.
        options.AbortOnConnectFail = false;
        return options;
    }
}
