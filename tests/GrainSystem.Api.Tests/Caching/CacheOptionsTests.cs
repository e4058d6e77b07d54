using GrainSystem.Api.Tests.Http;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Tests.Caching;

public sealed class CacheOptionsTests
{
    [Theory]
    [InlineData("Cache:Partitions", "0")]
    [InlineData("Cache:MaxMemoryMB", "0")]
    [InlineData("Cache:MaxValueBytes", "-1")]
    public void A_bad_cache_setting_stops_the_start_naming_the_setting(string setting, string value)
    {
        using var factory = new GrainSystemApiFactory();
        factory.Settings[setting] = value;
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException
            ?? (error as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        Assert.Contains(setting, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_through_without_redis_stops_the_start_naming_the_setting()
    {
        using var factory = new GrainSystemApiFactory();
        factory.Settings["Cache:WriteThrough"] = "true";
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Cache:WriteThrough", error.ToString(), StringComparison.Ordinal);
    }
}
