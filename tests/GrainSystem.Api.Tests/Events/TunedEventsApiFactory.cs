using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Events;

/// <summary>The API with a retention of 5 events per topic and a heartbeat every 200 ms.</summary>
public sealed class TunedEventsApiFactory : GrainSystemApiFactory
{
    public TunedEventsApiFactory()
    {
        Settings["Events:RetainPerTopic"] = "5";
        Settings["Events:HeartbeatPeriod"] = "00:00:00.200";
    }
}
