namespace GrainSystem.Tests.Locking;

/// <summary>Lock tests that share the <see cref="LockClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class LockClusterCollection : ICollectionFixture<LockClusterFixture>
{
    public const string Name = "locks";
}
