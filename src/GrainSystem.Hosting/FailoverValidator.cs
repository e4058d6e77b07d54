using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GrainSystem.Hosting;

/// <summary>
/// The accepted ranges of the <c>Orleans:Failover</c> settings and the rules between them, checked on the Orleans
/// options they are bound to; each failure names its setting.
/// </summary>
internal sealed class FailoverValidator :
    IValidateOptions<ClusterMembershipOptions>,
    IValidateOptions<SiloMessagingOptions>,
    IValidateOptions<ClientMessagingOptions>,
    IValidateOptions<GatewayOptions>,
    IValidateOptions<ConnectionOptions>
{
    private static readonly TimeSpan ProbeTimeoutMin = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeoutMax = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefunctSiloMin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DefunctSiloMax = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        CheckRange(failures, nameof(options.ProbeTimeout), options.ProbeTimeout, ProbeTimeoutMin, ProbeTimeoutMax);
        CheckRange(failures, nameof(options.NumMissedProbesLimit), options.NumMissedProbesLimit, 1, 10);
        CheckRange(failures, nameof(options.MaxProbeTimeout), options.MaxProbeTimeout, ProbeTimeoutMin, ProbeTimeoutMax);
        CheckRange(failures, nameof(options.DefunctSiloExpiration), options.DefunctSiloExpiration, DefunctSiloMin, DefunctSiloMax);
        CheckRange(failures, nameof(options.DefunctSiloMinimumRetention), options.DefunctSiloMinimumRetention, DefunctSiloMin, DefunctSiloMax);
        CheckRange(failures, nameof(options.TableRefreshTimeout), options.TableRefreshTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.DefunctSiloCleanupPeriod), options.DefunctSiloCleanupPeriod, DefunctSiloMin, TimeSpan.FromDays(1));

        if (options.DefunctSiloMinimumRetention > options.DefunctSiloExpiration)
        {
            failures.Add($"{Setting(nameof(options.DefunctSiloMinimumRetention))} must not exceed " +
                $"{FailoverConfiguration.SectionName}:{nameof(options.DefunctSiloExpiration)} ({options.DefunctSiloExpiration}).");
        }

        if (options.MaxProbeTimeout < options.ProbeTimeout)
        {
            failures.Add($"{Setting(nameof(options.MaxProbeTimeout))} must be at least " +
                $"{FailoverConfiguration.SectionName}:{nameof(options.ProbeTimeout)} ({options.ProbeTimeout}).");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, SiloMessagingOptions options) => ValidateResponseTimeout(options);

    public ValidateOptionsResult Validate(string? name, ClientMessagingOptions options) => ValidateResponseTimeout(options);

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        CheckRange(failures, nameof(options.GatewayListRefreshPeriod), options.GatewayListRefreshPeriod,
            TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(10));
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, ConnectionOptions options)
    {
        var failures = new List<string>();
        CheckRange(failures, nameof(options.OpenConnectionTimeout), options.OpenConnectionTimeout,
            TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));
        return Result(failures);
    }

    private static ValidateOptionsResult ValidateResponseTimeout(MessagingOptions options)
    {
        var failures = new List<string>();
        CheckRange(failures, nameof(options.ResponseTimeout), options.ResponseTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        return Result(failures);
    }

    private static void CheckRange(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Setting(key)} must be between {min} and {max} (it is {value}).");
        }
    }

    private static void CheckRange(List<string> failures, string key, TimeSpan? value, TimeSpan min, TimeSpan max)
    {
        if (value is not { } set || set < min || set > max)
        {
            failures.Add($"{Setting(key)} must be between {min} and {max} (it is {value?.ToString() ?? "not set"}).");
        }
    }

    private static string Setting(string key) =>
        $"{FailoverConfiguration.SectionName}:{key} ({FailoverConfiguration.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{key})";

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
