namespace GrainSystem.FaultTests.Cluster;

/// <summary>
/// The product settings of a fault run (all documented ones, inside their ranges), chosen so that recovery is
/// measured in seconds: subscriptions refresh every second, jobs look for lost chunks every 5 s, and finished jobs are
/// kept 30 s so the run can check their storage is freed — longer than an API restart takes on a loaded machine, so a
/// job does not complete and expire while nobody can look at it. Probes wait 2 s instead of 1 s (operations.md's
/// advice for machines with long pauses): on a shared 2-core machine the default declares healthy silos dead.
/// </summary>
public static class FaultSettings
{
    /// <summary><c>Orleans__Failover__ResponseTimeout</c>'s default: the bound on every answer is this plus 1 s.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan JobRetention = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan JobResumeCheck = TimeSpan.FromSeconds(5);

    public const int RetainPerTopic = 1000;

    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["Jobs__EnableTestOperations"] = "true",
        ["Jobs__ResumeCheckPeriod"] = JobResumeCheck.ToString(),
        ["Jobs__RetryBaseDelay"] = "00:00:00.200",
        ["Jobs__FinishedRetention"] = JobRetention.ToString(),
        ["Events__RefreshPeriod"] = "00:00:01",
        ["Orleans__Failover__ProbeTimeout"] = "00:00:02",
        ["Orleans__Failover__MaxProbeTimeout"] = "00:00:04",
        ["Events__RetainPerTopic"] = RetainPerTopic.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Orleans.Runtime.Silo"] = "Information",
    };
}
