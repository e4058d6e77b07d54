using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary><c>flaky</c> (test operation): each chunk fails its first <c>args.failAttempts</c> attempts, then returns its items unchanged.</summary>
public sealed class FlakyOperation(TestOperationJournal journal) : IChunkOperation
{
    public string Name => "flaky";

    public string Description => "Test operation: each chunk fails its first args.failAttempts attempts, then returns its items unchanged.";

    public ValueTask<IReadOnlyList<JsonNode?>> MapAsync(IReadOnlyList<JsonElement> items, ChunkContext context,
        CancellationToken cancellationToken)
    {
        var failAttempts = JsonItems.IntArgument(context.Args, "failAttempts", 1, 0, 100);
        var run = journal.Start(context);
        if (context.Attempt <= failAttempts)
        {
            run.End("failed");
            throw new InvalidOperationException(
                $"flaky: attempt {context.Attempt} of chunk {context.Chunk} fails on purpose ({failAttempts} failing attempts asked)");
        }

        run.End("completed");
        return ValueTask.FromResult<IReadOnlyList<JsonNode?>>(items.Select(i => JsonNode.Parse(i.GetRawText())).ToArray());
    }
}
