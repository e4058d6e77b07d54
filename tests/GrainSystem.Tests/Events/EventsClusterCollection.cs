namespace GrainSystem.Tests.Events;

/// <summary>Tests that share the <see cref="EventsClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class EventsClusterCollection : ICollectionFixture<EventsClusterFixture>
{
    public const string Name = "events-cluster";
}
