namespace GrainSystem.Tests.Locking;

/// <summary>A fresh lock name per test, so tests sharing a cluster never meet.</summary>
internal static class LockTestNames
{
    public static string New(string what) => $"{what}-{Guid.NewGuid():N}";
}
