using System.IO.Hashing;
using System.Text;

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// Which <see cref="IEventRouterGrain"/> holds a subscription and which ones a publish consults. Patterns
/// starting with a literal word live in the router of that word's partition; patterns starting with
/// <c>*</c> or <c>#</c> live in the wildcard router. A topic's events go to its first word's router and to
/// the wildcard router: two calls per batch, however many subscriptions exist.
/// </summary>
public static class EventRouting
{
    /// <summary>Routers for literal first words (a fixed number, so a cluster has a bounded set of router grains).</summary>
    public const int WordPartitions = 16;

    /// <summary>Key of the router holding patterns that start with <c>*</c> or <c>#</c>.</summary>
    public const long WildcardRouter = -1;

    /// <summary>How long a router keeps a subscription that is not refreshed (a subscriber that died silently).</summary>
    public static readonly TimeSpan SubscriptionLease = TimeSpan.FromSeconds(60);

    /// <summary>How often a live subscriber refreshes its registrations (well inside <see cref="SubscriptionLease"/>).</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(15);

    /// <summary>The router key of a pattern.</summary>
    public static long RouterFor(TopicPattern pattern) =>
        pattern.Words[0] is "*" or "#" ? WildcardRouter : PartitionOf(pattern.Words[0]);

    /// <summary>The routers that may hold subscriptions matching <paramref name="topic"/>.</summary>
    public static (long Word, long Wildcard) RoutersFor(string topic) => (PartitionOf(EventTopic.FirstWord(topic)), WildcardRouter);

    /// <summary>The topic directory partition (<see cref="ITopicDirectoryGrain"/> key) that records <paramref name="topic"/>.</summary>
    public static long DirectoryFor(string topic) => PartitionOf(EventTopic.FirstWord(topic));

    /// <summary>
    /// The topic directory partitions that may hold topics matching <paramref name="pattern"/>: the partition of
    /// its first word, or all of them when it starts with <c>*</c> or <c>#</c>.
    /// </summary>
    public static IEnumerable<long> DirectoriesFor(TopicPattern pattern) =>
        pattern.Words[0] is "*" or "#" ? Enumerable.Range(0, WordPartitions).Select(p => (long)p) : [PartitionOf(pattern.Words[0])];

    private static long PartitionOf(string word) =>
        XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(word)) % WordPartitions;
}
