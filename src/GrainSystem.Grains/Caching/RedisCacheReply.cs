namespace GrainSystem.Grains.Caching;

/// <summary>A script's reply: its code (see <see cref="CacheScripts"/>), the version it reports, and an entry when it returns one.</summary>
internal readonly record struct RedisCacheReply(int Code, long Version, RedisCacheEntry? Entry = null, bool Existed = false)
{
    public const int ConditionFailed = 0;
    public const int Applied = 1;
    public const int Stale = 2;
    public const int AbsentOrNotInteger = 3;
    public const int Overflow = 4;
    public const int Refused = 5;
}
