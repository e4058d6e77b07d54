using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GrainSystem.Hosting;

/// <summary>
/// How fast a dead or hung silo is declared dead and its grains move (section <c>Orleans:Failover</c>), bound straight
/// onto Orleans' own options. Orleans' defaults take up to minutes; GrainSystem's take seconds. The price: a silo that
/// stalls longer than <c>ProbeTimeout</c> × <c>NumMissedProbesLimit</c> (a long GC pause, a starved VM) is evicted and
/// must restart, so raise them on machines with long pauses. Ranges and cross-setting rules: <see cref="FailoverValidator"/>.
/// </summary>
internal static class FailoverConfiguration
{
    public const string SectionName = "Orleans:Failover";

    /// <summary>Bound on every grain call from clients and between silos (<c>Orleans:Failover:ResponseTimeout</c>).</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often a client re-reads the gateway list and drops dead gateways (<c>Orleans:Failover:GatewayListRefreshPeriod</c>).</summary>
    public static readonly TimeSpan DefaultGatewayListRefreshPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a client waits for a gateway to accept a connection and answer its handshake
    /// (<c>Orleans:Failover:OpenConnectionTimeout</c>): a hung silo still accepts connections in the kernel.
    /// </summary>
    public static readonly TimeSpan DefaultOpenConnectionTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a client asks a gateway for the cluster's grain types, and at most how long it waits before it asks
    /// another gateway after one failed (Orleans waits the smaller of this and 5 s; its default is a minute).
    /// </summary>
    public static readonly TimeSpan ManifestRefreshPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Cluster membership (silo liveness and the cleanup of dead rows) and the silo's response timeout.</summary>
    public static void AddSiloFailover(this IServiceCollection services)
    {
        services.AddClusterMembershipFailover();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStallWatch>();
        services.AddOptions<SiloMessagingOptions>()
            .Configure<IConfiguration>((o, configuration) => o.ResponseTimeout = ResponseTimeout(configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloMessagingOptions>, FailoverValidator>());
    }

    /// <summary>
    /// The client's response timeout and gateway refresh. The cluster membership settings are checked too, though a
    /// client does not use them, so a configuration shared with the silos is accepted or refused alike.
    /// </summary>
    public static void AddClientFailover(this IServiceCollection services)
    {
        services.AddClusterMembershipFailover();
        services.AddOptions<ClientMessagingOptions>()
            .Configure<IConfiguration>((o, configuration) => o.ResponseTimeout = ResponseTimeout(configuration))
            .ValidateOnStart();
        services.AddOptions<GatewayOptions>()
            .Configure<IConfiguration>((o, configuration) => o.GatewayListRefreshPeriod =
                configuration.GetValue($"{SectionName}:{nameof(GatewayOptions.GatewayListRefreshPeriod)}", DefaultGatewayListRefreshPeriod))
            .ValidateOnStart();
        // A client started while a silo is hung may pick that silo's gateway for the grain-type manifest it needs before
        // any call: it gives up on the connection after OpenConnectionTimeout (twice) and tries another gateway after
        // ManifestRefreshPeriod, instead of after 5 s + 5 s + 5 s.
        services.AddOptions<ConnectionOptions>()
            .Configure<IConfiguration>((o, configuration) => o.OpenConnectionTimeout =
                configuration.GetValue($"{SectionName}:{nameof(ConnectionOptions.OpenConnectionTimeout)}", DefaultOpenConnectionTimeout))
            .ValidateOnStart();
        services.AddOptions<TypeManagementOptions>().Configure(o => o.TypeMapRefreshInterval = ManifestRefreshPeriod);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientMessagingOptions>, FailoverValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, FailoverValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectionOptions>, FailoverValidator>());
    }

    /// <summary>GrainSystem's defaults first, then whatever the section sets, on Orleans' <see cref="ClusterMembershipOptions"/>.</summary>
    private static void AddClusterMembershipFailover(this IServiceCollection services)
    {
        services.AddOptions<ClusterMembershipOptions>()
            .Configure(ApplyDefaults)
            .BindConfiguration(SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, FailoverValidator>());
    }

    private static void ApplyDefaults(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        // Keeps the adaptive probe timeout, and so hung-silo detection, short.
        o.MaxProbeTimeout = TimeSpan.FromSeconds(2);
        // When true, a survivor that recently exchanged traffic with a silo withholds its death vote, so a hung
        // silo whose sockets stay open is evicted only after a long delay.
        o.EnableConnectionLivenessCheck = false;
        o.DefunctSiloExpiration = TimeSpan.FromMinutes(10);
        // A removal of expired dead rows runs only when a silo reads the membership table (a membership change, or
        // TableRefreshTimeout), so this bounds how often, not when.
        o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(1);
        // Dead rows younger than this are kept whatever the expiration says, so a silo whose join was delayed still
        // learns it was declared dead.
        o.DefunctSiloMinimumRetention = TimeSpan.FromMinutes(5);
        // With no membership change after a death, a dead row waits for such a periodic read to be removed: at most
        // DefunctSiloMinimumRetention (or the expiration) plus this period after the death. It also bounds how long a
        // silo its peers declared dead (cut off rather than stalled: SiloStallWatch handles stalls) runs on before it
        // reads so and stops; one small Redis read per silo per period.
        o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
    }

    internal static TimeSpan ResponseTimeout(IConfiguration configuration) =>
        configuration.GetValue($"{SectionName}:{nameof(MessagingOptions.ResponseTimeout)}", DefaultResponseTimeout);
}
