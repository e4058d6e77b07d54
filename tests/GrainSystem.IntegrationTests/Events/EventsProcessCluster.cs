using GrainSystem.IntegrationTests.Hosting;

namespace GrainSystem.IntegrationTests.Events;

/// <summary>The process cluster with subscriptions that refresh their router registrations every second.</summary>
public sealed class EventsProcessCluster : ProcessCluster
{
    public const int RetainPerTopic = 1000;

    public EventsProcessCluster()
    {
        Settings["Events__RefreshPeriod"] = "00:00:01";
        Settings["Events__RetainPerTopic"] = RetainPerTopic.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
