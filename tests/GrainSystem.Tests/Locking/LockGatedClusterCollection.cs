namespace GrainSystem.Tests.Locking;

/// <summary>Lock tests that share the <see cref="LockGatedClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class LockGatedClusterCollection : ICollectionFixture<LockGatedClusterFixture>
{
    public const string Name = "locks-gated";
}
