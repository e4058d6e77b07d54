using GrainSystem.Grains;
using GrainSystem.Hosting;
using Microsoft.Extensions.Configuration;

namespace GrainSystem.Tests.Hosting;

/// <summary><c>ConnectionStrings:Redis</c> decides the backend: absent means embedded, anything else must be usable.</summary>
public sealed class StorageBackendTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_redis_connection_string_the_backend_is_embedded(string? connectionString)
    {
        Assert.Same(StorageBackend.Embedded, Read(connectionString));
        Assert.False(StorageBackend.Embedded.IsRedis);
    }

    [Fact]
    public void A_redis_connection_string_makes_a_redis_backend_that_retries_when_redis_is_down()
    {
        var backend = Read("127.0.0.1:6379,password=secret");

        Assert.True(backend.IsRedis);
        Assert.False(backend.RedisConfiguration.AbortOnConnectFail);
        Assert.NotSame(backend.RedisConfiguration, backend.CloneRedisConfiguration());
        Assert.Equal("secret", backend.CloneRedisConfiguration().Password);
    }

    [Fact]
    public void The_backend_names_its_endpoints_but_never_the_password()
    {
        var text = Read("127.0.0.1:6379,password=secret").ToString();

        Assert.Contains("127.0.0.1:6379", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:notaport")]
    [InlineData("password=secret")]
    [InlineData("127.0.0.1:70000")]
    public void An_unusable_connection_string_is_refused_naming_the_setting_without_echoing_it(string connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(connectionString));

        Assert.Contains("ConnectionStrings:Redis", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    private static StorageBackend Read(string? connectionString) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = connectionString })
            .Build()
            .GetStorageBackend();
}
