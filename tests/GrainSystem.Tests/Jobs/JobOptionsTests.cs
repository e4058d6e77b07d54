using GrainSystem.Grains.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GrainSystem.Tests.Jobs;

public sealed class JobOptionsTests
{
    [Theory]
    [InlineData("Jobs:ChunkTimeout", "01:00:00", "Jobs:ChunkTimeout")]
    [InlineData("Jobs:ResumeCheckPeriod", "00:00:00", "Jobs:ResumeCheckPeriod")]
    [InlineData("Jobs:RetryBaseDelay", "00:00:00", "Jobs:RetryBaseDelay")]
    [InlineData("Jobs:RetryMaxDelay", "00:00:00.500", "Jobs:RetryMaxDelay")]
    public void A_bad_setting_stops_the_silo_naming_the_setting(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => configuration.GetJobOptions());

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var options = new ConfigurationBuilder().Build().GetJobOptions();

        Assert.False(options.EnableTestOperations);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ResumeCheckPeriod);
    }
}
