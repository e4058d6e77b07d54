using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Events;

/// <summary>The API serving at most 2 event streams, each buffering at most 16 events.</summary>
public sealed class LimitedEventsApiFactory : GrainSystemApiFactory
{
    public const int MaxStreams = 2;
    public const int SubscriberBuffer = 16;

    public LimitedEventsApiFactory()
    {
        Settings["Events:MaxStreams"] = MaxStreams.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Events:SubscriberBuffer"] = SubscriberBuffer.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
