namespace GrainSystem.Grains.Caching;

/// <summary>
/// A script's reply: its code (see <see cref="CacheScripts"/>), the version Redis holds (for a condition that failed
/// or a stale write), and for an applied write whether it replaced a live entry, or for an applied increment the
/// counter's new value and the entry.
/// </summary>
internal readonly record struct RedisCacheReply(int Code, long Version, bool Existed = false, long Value = 0, RedisCacheEntry? Entry = null)
{
    public const int ConditionFailed = 0;
    public const int Applied = 1;
    public const int Stale = 2;
    public const int AbsentOrNotInteger = 3;
    public const int Overflow = 4;
    public const int Refused = 5;
}
