using GrainSystem.Grains;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace GrainSystem.Hosting;

/// <summary>Reads the <see cref="StorageBackend"/> from <c>ConnectionStrings:Redis</c>: absent means embedded (no Redis anywhere).</summary>
public static class StorageBackendConfiguration
{
    public const string RedisConnectionStringName = "Redis";

    /// <summary>The backend the configuration names; a connection string that cannot be used stops the start here.</summary>
    public static StorageBackend GetStorageBackend(this IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(RedisConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return StorageBackend.Embedded;
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or RedisConnectionException)
        {
            throw new InvalidOperationException($"ConnectionStrings:Redis is not a valid Redis connection string ({ex.GetType().Name}).");
        }

        // The parser accepts endpoints it cannot use ("host:notaport"): check them here, at start.
        var endpoints = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !part.Contains('=', StringComparison.Ordinal))
            .ToList();
        if (endpoints.Count == 0)
        {
            throw new InvalidOperationException("ConnectionStrings:Redis must name at least one host[:port] endpoint.");
        }

        // Never echo the whole string: it may carry a password. An endpoint fragment has no '=' and so no secret.
        var bad = endpoints.FirstOrDefault(e => !IsEndpoint(e));
        if (bad is not null)
        {
            throw new InvalidOperationException($"ConnectionStrings:Redis: '{bad}' is not a host[:port] endpoint.");
        }

        // Keep retrying in the background when Redis is down at start instead of failing the process;
        // callers see fast failures (503) until it is back.
        options.AbortOnConnectFail = false;
        return StorageBackend.Redis(options);
    }

    private static bool IsEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        var ipv6 = endpoint.StartsWith('[');
        if (colon < 0 || (ipv6 && colon < endpoint.IndexOf(']', StringComparison.Ordinal)))
        {
            return endpoint.Length > 0 && !endpoint.Contains(' ', StringComparison.Ordinal);
        }

        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], out var port) && port is > 0 and <= 65535;
    }
}
