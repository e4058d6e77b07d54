using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Http;
using GrainSystem.Api.Resp.Keyspace;
using GrainSystem.Api.Resp.Protocol;
using GrainSystem.Api.Resp.PubSub;
using GrainSystem.Client.Caching;
using GrainSystem.Client.Locking;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Resp;

/// <summary>What every RESP connection of this API instance shares: the façades, the settings, the pub/sub hub, the counters.</summary>
internal sealed class RespServices(
    ICacheClient cache,
    ILockClient locks,
    RespPubSubHub pubSub,
    ApiKeys apiKeys,
    IOptions<ApiOptions> api,
    IOptions<RespOptions> resp,
    IOptions<CacheOptions> cacheOptions,
    RespStats stats,
    TimeProvider time,
    ILoggerFactory loggers,
    IClusterManifestProvider manifest)
{
    private volatile bool _clusterReached;
    private PartitionCoalescer? _coalescer;

    public ICacheClient Cache { get; } = cache;

    public ILockClient Locks { get; } = locks;

    public RespPubSubHub PubSub { get; } = pubSub;

    public ApiKeys ApiKeys { get; } = apiKeys;

    /// <summary>Whether <c>AUTH</c> is required (API keys are configured).</summary>
    public bool AuthenticationRequired { get; } = api.Value.AuthenticationEnabled;

    public RespOptions Options { get; } = resp.Value;

    public RespLimits Limits { get; } = new(resp.Value.MaxMultibulkLength, cacheOptions.Value.MaxValueBytes, api.Value.MaxRequestBodyBytes);

    public RespStats Stats { get; } = stats;

    public TimeProvider Time { get; } = time;

    /// <summary>The one grain-call lane per partition that every connection's cache batches share.</summary>
    public PartitionCoalescer Coalescer => LazyInitializer.EnsureInitialized(ref _coalescer, () => new PartitionCoalescer(Cache));

    /// <summary>
    /// Whether the API has reached the cluster: before a gateway answers, the client's manifest is a placeholder at the
    /// minimum version and grain calls cannot be made. Once reached it stays; later outages surface as call failures.
    /// </summary>
    public bool ClusterReached => _clusterReached || (_clusterReached = manifest.Current.Version > Orleans.Metadata.MajorMinorVersion.MinValue);

    /// <summary>The log of command failures.</summary>
    public ILogger Logger { get; } = loggers.CreateLogger("GrainSystem.Api.Resp");
}
