using System.Collections.Immutable;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Providers;
using Orleans.Storage;

namespace GrainSystem.Grains.Events;

/// <summary>
/// One partition of the topic names (the topics whose first word hashes to it, see <see cref="EventRouting.DirectoryFor"/>),
/// persisted append-only in chunks: states <c>directory-head</c> and <c>directory-{n}</c>. Registering a new topic
/// writes only the open chunk (at most <see cref="ChunkSize"/> names), never the whole partition, so a cluster with
/// millions of topics pays a small write per new topic. Written once per new topic (never per publish); read only
/// by resuming subscribers. The storage's ETags make a duplicate activation's write fail.
/// </summary>
public sealed partial class TopicDirectoryGrain(IServiceProvider services, ILogger<TopicDirectoryGrain> logger) : Grain, ITopicDirectoryGrain
{
    public const int ChunkSize = 512;

    private const string HeadName = "directory-head";

    private readonly IGrainStorage _storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
    private readonly GrainState<TopicDirectoryHeadState> _head = new(new TopicDirectoryHeadState());
    private readonly List<GrainState<TopicDirectoryChunkState>> _chunks = [];
    private readonly HashSet<string> _topics = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _storage.ReadStateAsync(HeadName, this.GetGrainId(), _head);
        _head.State ??= new TopicDirectoryHeadState();
        for (var chunk = 0; chunk < _head.State!.Chunks; chunk++)
        {
            var state = new GrainState<TopicDirectoryChunkState>(new TopicDirectoryChunkState());
            await _storage.ReadStateAsync(ChunkName(chunk), this.GetGrainId(), state);
            state.State ??= new TopicDirectoryChunkState();
            _chunks.Add(state);
            _topics.UnionWith(state.State!.Topics);
        }
    }

    public async Task Register(string topic)
    {
        if (_topics.Contains(topic))
        {
            return;
        }

        try
        {
            if (_chunks.Count == 0 || _chunks[^1].State!.Topics.Count >= ChunkSize)
            {
                // The head names a new chunk before the chunk is written: a failure in between leaves the head
                // naming an empty chunk (read as empty), never a stored name the head does not name.
                _head.State!.Chunks++;
                try
                {
                    await _storage.WriteStateAsync(HeadName, this.GetGrainId(), _head);
                }
                catch
                {
                    _head.State!.Chunks--;
                    throw;
                }

                _chunks.Add(new GrainState<TopicDirectoryChunkState>(new TopicDirectoryChunkState()));
            }

            var open = _chunks[^1];
            open.State!.Topics.Add(topic);
            try
            {
                await _storage.WriteStateAsync(ChunkName(_chunks.Count - 1), this.GetGrainId(), open);
            }
            catch
            {
                // Not stored: forget it, so the publisher's retry writes it again instead of finding it known.
                open.State!.Topics.RemoveAt(open.State!.Topics.Count - 1);
                throw;
            }

            _topics.Add(topic);
        }
        catch (InconsistentStateException ex)
        {
            // Another activation of this partition wrote first (a failover's duplicate): leave, so the next
            // call reads the stored chunks again.
            LogConflict(logger, ex, this.GetPrimaryKeyLong());
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<ImmutableArray<string>> Match(ImmutableArray<string> patterns)
    {
        var parsed = patterns.Select(TopicPattern.Parse).ToArray();
        return Task.FromResult(_topics.Where(t => parsed.Any(p => p.Matches(t))).ToImmutableArray());
    }

    private static string ChunkName(int chunk) => $"directory-{chunk}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic directory {Partition}: another activation wrote first; deactivating")]
    private static partial void LogConflict(ILogger logger, Exception exception, long partition);
}
