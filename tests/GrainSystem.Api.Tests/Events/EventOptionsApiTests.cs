using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Events;

public sealed class EventOptionsApiTests
{
    [Theory]
    [InlineData("Events:SubscriberBuffer", "1", "SubscriberBuffer")]
    [InlineData("Events:HeartbeatPeriod", "00:00:00", "HeartbeatPeriod")]
    public async Task The_api_does_not_start_with_an_invalid_event_setting_and_names_it(string key, string value, string named)
    {
        await using var factory = new GrainSystemApiFactory();
        factory.Settings[key] = value;

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString());
    }
}
