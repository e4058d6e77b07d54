namespace GrainSystem.FaultTests.Checkers.Cache;

/// <summary>
/// A key as the model knows it: present with <see cref="Value"/>, and its version — exactly <see cref="Version"/>
/// when <see cref="Exact"/>, otherwise only known to be above it (a write of unknown outcome took effect, so its
/// version was never seen). An absent key keeps in <see cref="Version"/> a bound every later version is above
/// (versions only grow, across deletes).
/// </summary>
public readonly record struct CacheState(bool Exists, long Value, long Version, bool Exact)
{
    public static CacheState Absent(long floor) => new(false, 0, floor, false);

    public static CacheState Present(long value, long version) => new(true, value, version, true);

    /// <summary>Present with a version above <paramref name="floor"/> that nobody saw.</summary>
    public static CacheState PresentUnseen(long value, long floor) => new(true, value, floor, false);

    /// <summary>Whether the key's version can be <paramref name="version"/>.</summary>
    public bool CanBeAt(long version) => Exact ? version == Version : version > Version;

    /// <summary>Whether a new version <paramref name="version"/> is above every version the key had.</summary>
    public bool Precedes(long version) => version > Version;
}
