using GrainSystem.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GrainSystem.Tests.Hosting;

/// <summary>The <c>Orleans</c> section is read while the silo is being built; a bad value stops the build naming it.</summary>
public sealed class OrleansHostingOptionsTests
{
    [Theory]
    [InlineData("Orleans:SiloPort", "0")]
    [InlineData("Orleans:GatewayPort", "65536")]
    [InlineData("Orleans:ClusterId", "has space")]
    [InlineData("Orleans:ServiceId", "")]
    [InlineData("Orleans:ListenAddress", "not-an-ip")]
    [InlineData("Orleans:AdvertisedAddress", "bad host!")]
    public void A_bad_setting_stops_the_build_naming_the_setting(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var options = Read([]);

        Assert.Equal("grainsystem", options.ClusterId);
        Assert.Equal("grainsystem", options.ServiceId);
        Assert.Equal(11111, options.SiloPort);
        Assert.Equal(30000, options.GatewayPort);
        Assert.Equal("127.0.0.1", options.ListenAddress);
        Assert.Equal("127.0.0.1", options.AdvertisedAddress);
    }

    private static OrleansHostingOptions Read(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetOrleansHostingOptions();
}
