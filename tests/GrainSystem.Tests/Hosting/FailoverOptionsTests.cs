using GrainSystem.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GrainSystem.Tests.Hosting;

/// <summary><c>Orleans:Failover</c> is bound onto Orleans' own options, GrainSystem's defaults first.</summary>
public sealed class FailoverOptionsTests
{
    /// <summary>GrainSystem's defaults, which notice a dead silo sooner than Orleans' own.</summary>
    private static readonly SiloFailover FastFailover = new(
        ProbeTimeout: TimeSpan.FromSeconds(1), NumMissedProbesLimit: 2, MaxProbeTimeout: TimeSpan.FromSeconds(2),
        EnableConnectionLivenessCheck: false, DefunctSiloExpiration: TimeSpan.FromMinutes(10),
        DefunctSiloCleanupPeriod: TimeSpan.FromMinutes(1), DefunctSiloMinimumRetention: TimeSpan.FromMinutes(5),
        TableRefreshTimeout: TimeSpan.FromSeconds(10), ResponseTimeout: TimeSpan.FromSeconds(5));

    [Fact]
    public void Without_settings_a_silo_gets_the_fast_failover_defaults()
    {
        using var services = Silo([]);

        Assert.Equal(FastFailover, SiloFailover.Of(services));
    }

    [Fact]
    public void Each_setting_of_the_section_reaches_the_orleans_option_of_its_name()
    {
        using var services = Silo(new()
        {
            ["Orleans:Failover:ProbeTimeout"] = "00:00:03",
            ["Orleans:Failover:NumMissedProbesLimit"] = "4",
            ["Orleans:Failover:MaxProbeTimeout"] = "00:00:06",
            ["Orleans:Failover:EnableConnectionLivenessCheck"] = "true",
            ["Orleans:Failover:DefunctSiloExpiration"] = "01:00:00",
            ["Orleans:Failover:DefunctSiloCleanupPeriod"] = "00:02:00",
            ["Orleans:Failover:DefunctSiloMinimumRetention"] = "00:30:00",
            ["Orleans:Failover:TableRefreshTimeout"] = "00:00:30",
            ["Orleans:Failover:ResponseTimeout"] = "00:00:07",
        });

        Assert.Equal(new SiloFailover(
            ProbeTimeout: TimeSpan.FromSeconds(3), NumMissedProbesLimit: 4, MaxProbeTimeout: TimeSpan.FromSeconds(6),
            EnableConnectionLivenessCheck: true, DefunctSiloExpiration: TimeSpan.FromHours(1),
            DefunctSiloCleanupPeriod: TimeSpan.FromMinutes(2), DefunctSiloMinimumRetention: TimeSpan.FromMinutes(30),
            TableRefreshTimeout: TimeSpan.FromSeconds(30), ResponseTimeout: TimeSpan.FromSeconds(7)), SiloFailover.Of(services));
    }

    [Fact]
    public void A_client_takes_its_response_timeout_and_gateway_refresh_from_the_section()
    {
        using var services = Client(new()
        {
            ["Orleans:Failover:ResponseTimeout"] = "00:00:08",
            ["Orleans:Failover:GatewayListRefreshPeriod"] = "00:00:04",
            ["Orleans:Failover:OpenConnectionTimeout"] = "00:00:03",
        });

        Assert.Equal(TimeSpan.FromSeconds(8), services.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), services.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayListRefreshPeriod);
        Assert.Equal(TimeSpan.FromSeconds(3), services.GetRequiredService<IOptions<ConnectionOptions>>().Value.OpenConnectionTimeout);
    }

    [Fact]
    public void A_client_without_settings_gets_the_fast_failover_defaults()
    {
        using var services = Client([]);

        Assert.Equal(TimeSpan.FromSeconds(5), services.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), services.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayListRefreshPeriod);
        Assert.Equal(TimeSpan.FromSeconds(2), services.GetRequiredService<IOptions<ConnectionOptions>>().Value.OpenConnectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), services.GetRequiredService<IOptions<TypeManagementOptions>>().Value.TypeMapRefreshInterval);
    }

    [Theory]
    [InlineData("ProbeTimeout", "00:00:00.001", "Orleans:Failover:ProbeTimeout")]
    [InlineData("NumMissedProbesLimit", "11", "Orleans:Failover:NumMissedProbesLimit")]
    [InlineData("MaxProbeTimeout", "00:00:00.500", "Orleans:Failover:MaxProbeTimeout")]
    [InlineData("DefunctSiloExpiration", "00:00:01", "Orleans:Failover:DefunctSiloExpiration")]
    [InlineData("DefunctSiloMinimumRetention", "00:20:00", "Orleans:Failover:DefunctSiloMinimumRetention")]
    [InlineData("DefunctSiloCleanupPeriod", "2.00:00:00", "Orleans:Failover:DefunctSiloCleanupPeriod")]
    [InlineData("TableRefreshTimeout", "02:00:00", "Orleans:Failover:TableRefreshTimeout")]
    [InlineData("ResponseTimeout", "00:00:00.500", "Orleans:Failover:ResponseTimeout")]
    public void A_bad_silo_setting_is_refused_naming_it(string key, string value, string named)
    {
        using var services = Silo(new() { [$"Orleans:Failover:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => StartupValidation(services));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GatewayListRefreshPeriod", "00:00:00.100", "Orleans:Failover:GatewayListRefreshPeriod")]
    [InlineData("ResponseTimeout", "00:20:00", "Orleans:Failover:ResponseTimeout")]
    [InlineData("OpenConnectionTimeout", "00:00:00.100", "Orleans:Failover:OpenConnectionTimeout")]
    [InlineData("ProbeTimeout", "00:00:00.001", "Orleans:Failover:ProbeTimeout")]
    public void A_bad_client_setting_is_refused_naming_it(string key, string value, string named)
    {
        using var services = Client(new() { [$"Orleans:Failover:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => StartupValidation(services));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Silo(Dictionary<string, string?> settings) => Services(settings, s => s.AddSiloFailover());

    private static ServiceProvider Client(Dictionary<string, string?> settings) => Services(settings, s => s.AddClientFailover());

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection> add)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        add(services);
        return services.BuildServiceProvider();
    }

    /// <summary>What the host runs at start for every <c>ValidateOnStart</c> registration.</summary>
    private static void StartupValidation(IServiceProvider services) =>
        services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>The Orleans options a silo's <c>Orleans:Failover</c> settings reach.</summary>
    private sealed record SiloFailover(
        TimeSpan ProbeTimeout, int NumMissedProbesLimit, TimeSpan MaxProbeTimeout, bool EnableConnectionLivenessCheck,
        TimeSpan DefunctSiloExpiration, TimeSpan? DefunctSiloCleanupPeriod, TimeSpan DefunctSiloMinimumRetention,
        TimeSpan TableRefreshTimeout, TimeSpan ResponseTimeout)
    {
        public static SiloFailover Of(IServiceProvider services)
        {
            var membership = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
            return new(membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.MaxProbeTimeout,
                membership.EnableConnectionLivenessCheck, membership.DefunctSiloExpiration, membership.DefunctSiloCleanupPeriod,
                membership.DefunctSiloMinimumRetention, membership.TableRefreshTimeout,
                services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout);
        }
    }
}
