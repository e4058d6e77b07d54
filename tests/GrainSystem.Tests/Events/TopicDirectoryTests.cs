using System.Globalization;
using GrainSystem.Abstractions.Events;
using GrainSystem.Grains.Events;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Events;

/// <summary>The topic directory: partitioned by first word, stored append-only in bounded chunks.</summary>
[Collection(EventsClusterCollection.Name)]
public sealed class TopicDirectoryTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_partition_stores_topics_in_bounded_chunks_and_a_new_activation_reads_them_all_back()
    {
        var word = $"dir{Guid.NewGuid():N}";
        var directory = fixture.Cluster.Client.GetGrain<ITopicDirectoryGrain>(EventRouting.DirectoryFor(word));
        var topics = Enumerable.Range(0, TopicDirectoryGrain.ChunkSize + 100).Select(i => $"{word}.t{i}").ToArray();
        foreach (var batch in topics.Chunk(64))
        {
            await Task.WhenAll(batch.Select(directory.Register));
        }

        await directory.Register(topics[0]); // known: nothing is written twice
        await fixture.Cluster.DeactivateAsync(directory);

        Assert.Equal(topics.Order(StringComparer.Ordinal), (await directory.Match([$"{word}.#"])).Order(StringComparer.Ordinal));

        // Stored in chunks of at most ChunkSize names, each name once.
        var head = await fixture.Cluster.ReadStateAsync<TopicDirectoryHeadState>(directory.GetGrainId(), "directory-head");
        var stored = new List<string>();
        for (var chunk = 0; chunk < head.State!.Chunks; chunk++)
        {
            var state = await fixture.Cluster.ReadStateAsync<TopicDirectoryChunkState>(directory.GetGrainId(), $"directory-{chunk}");
            Assert.InRange(state.State!.Topics.Count, 0, TopicDirectoryGrain.ChunkSize);
            stored.AddRange(state.State.Topics);
        }

        Assert.True(head.State.Chunks >= 2);
        Assert.Equal(stored.Count, stored.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(stored.ToHashSet(StringComparer.Ordinal), topics.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_resume_with_a_pattern_starting_with_a_wildcard_finds_topics_of_every_first_word()
    {
        var suffix = $"s{Guid.NewGuid():N}";
        // First words spread over several directory partitions.
        var topics = Enumerable.Range(0, 40).Select(i => $"w{i}.{suffix}")
            .DistinctBy(t => EventRouting.DirectoryFor(t)).Take(5).ToArray();
        Assert.True(topics.Length >= 3);
        foreach (var topic in topics)
        {
            Assert.Equal(EventPublishStatus.Published, (await fixture.Events.PublishAsync(topic, "{}")).Status);
        }

        var cursor = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await using var resumed = await fixture.Events.OpenAsync([$"*.{suffix}"], cursor);
        var received = await resumed.TakeAsync(topics.Length);

        Assert.Equal(topics.Order(StringComparer.Ordinal), received.Select(e => e.Topic).Order(StringComparer.Ordinal));
        Assert.Equal(topics.Select(t => EventRouting.DirectoryFor(t)).Distinct().Count(), topics.Length);
    }

    [Fact]
    public void A_pattern_with_a_literal_first_word_is_looked_up_in_its_own_partition_only()
    {
        Assert.Equal([EventRouting.DirectoryFor("user.created")], EventRouting.DirectoriesFor(TopicPattern.Parse("user.*")));
        Assert.Equal(EventRouting.WordPartitions, EventRouting.DirectoriesFor(TopicPattern.Parse("*.created")).Count());
        Assert.Equal(EventRouting.WordPartitions, EventRouting.DirectoriesFor(TopicPattern.Parse("#")).Count());
    }
}
