using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Caching;

/// <summary>The embedded API with a small value limit, so 413 is cheap to provoke.</summary>
public sealed class CacheApiFactory : GrainSystemApiFactory
{
    public const int MaxValueBytes = 4096;

    public CacheApiFactory() => Settings["Cache:MaxValueBytes"] = MaxValueBytes.ToString();
}
