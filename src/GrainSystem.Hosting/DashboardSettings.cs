using Microsoft.Extensions.Configuration;

namespace GrainSystem.Hosting;

/// <summary>
/// Whether the Orleans Dashboard runs (<c>Dashboard:Enabled</c>, default true), the same on every silo and the API. Its feed
/// listens to every Orleans metric, so each grain call pays for it: about a quarter of a cheap grain call's CPU
/// (docs/benchmarks.md). A cluster that watches itself another way can turn it off.
/// </summary>
public static class DashboardSettings
{
    public const string EnabledKey = "Dashboard:Enabled";

    /// <summary>True unless <c>Dashboard:Enabled</c> is false.</summary>
    public static bool IsDashboardEnabled(this IConfiguration configuration) => configuration.GetValue(EnabledKey, true);
}
