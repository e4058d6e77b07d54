using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary><c>sleep</c> (test operation): waits <c>args.ms</c> per item, cancellable, and returns each item unchanged.</summary>
public sealed class SleepOperation(TestOperationJournal journal) : IChunkOperation
{
    public string Name => "sleep";

    public string Description => "Test operation: waits args.ms milliseconds per item (cancellable) and returns each item unchanged.";

    public async ValueTask<IReadOnlyList<JsonNode?>> MapAsync(IReadOnlyList<JsonElement> items, ChunkContext context,
        CancellationToken cancellationToken)
    {
        var ms = JsonItems.IntArgument(context.Args, "ms", 100, 0, 600_000);
        var run = journal.Start(context);
        try
        {
            var results = new JsonNode?[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                await Task.Delay(ms, cancellationToken);
                results[i] = JsonNode.Parse(items[i].GetRawText());
            }

            run.End("completed");
            return results;
        }
        catch (OperationCanceledException)
        {
            run.End("cancelled");
            throw;
        }
    }
}
