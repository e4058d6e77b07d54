using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Events;

/// <summary>The API with a retention of 5 events per topic.</summary>
public sealed class SmallRetentionApiFactory : GrainSystemApiFactory
{
    public SmallRetentionApiFactory() => Settings["Events:RetainPerTopic"] = "5";
}
