using System.Collections.Immutable;
using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// The names of the topics that ever had an event, partitioned by first word (key: <see cref="EventRouting.DirectoryFor"/>),
/// so a resuming subscriber can find the topics its patterns match.
/// </summary>
public interface ITopicDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Records <paramref name="topic"/> (idempotent).</summary>
    Task Register(string topic);

    /// <summary>The known topics matching any of <paramref name="patterns"/>.</summary>
    // ReadOnly: matching changes nothing, so resuming subscribers do not queue behind each other.
    [ReadOnly]
    Task<ImmutableArray<string>> Match(ImmutableArray<string> patterns);
}
