using GrainSystem.IntegrationTests.Hosting;

namespace GrainSystem.IntegrationTests.Jobs;

/// <summary>A process cluster whose jobs check for resumption every 5 s instead of every minute.</summary>
public sealed class JobFailoverCluster : ProcessCluster
{
    public static readonly TimeSpan ResumeCheckPeriod = TimeSpan.FromSeconds(5);

    public JobFailoverCluster()
    {
        Settings["Jobs__ResumeCheckPeriod"] = ResumeCheckPeriod.ToString();
        Settings["Jobs__RetryBaseDelay"] = "00:00:00.200";
    }
}
