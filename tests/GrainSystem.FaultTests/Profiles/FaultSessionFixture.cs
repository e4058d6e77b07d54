using GrainSystem.FaultTests.Runs;

namespace GrainSystem.FaultTests.Profiles;

/// <summary>The cluster of the short profile, started once for all its tests and ended after the last.</summary>
public sealed class FaultSessionFixture : IAsyncLifetime
{
    public FaultSession Session { get; private set; } = null!;

    public async Task InitializeAsync() => Session = await FaultSession.StartAsync();

    public async Task DisposeAsync()
    {
        if (Session is not null)
        {
            await Session.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultSessionFixture>
{
    public const string Name = "fault cluster";
}
