using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Grains.Events;

/// <summary>
/// The set of topic names, persisted. Written once per new topic (never per publish); read only by
/// resuming subscribers.
/// </summary>
public sealed class TopicDirectoryGrain(
    [PersistentState("topics")] IPersistentState<TopicDirectoryState> state) : Grain, ITopicDirectoryGrain
{
    public async Task Register(string topic)
    {
        if (state.State.Topics.Add(topic))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored: forget it, so the publisher's retry writes it again instead of finding it known.
                state.State.Topics.Remove(topic);
                throw;
            }
        }
    }

    public Task<ImmutableArray<string>> Match(ImmutableArray<string> patterns)
    {
        var parsed = patterns.Select(TopicPattern.Parse).ToArray();
        return Task.FromResult(state.State.Topics.Where(t => parsed.Any(p => p.Matches(t))).ToImmutableArray());
    }
}
