using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// Sends the batches of every connection to a partition one grain call at a time: while a call to a partition is in
/// flight, the batches that arrive for it wait, then go together as one batch (at most
/// <see cref="CacheBatch.MaxOperations"/> operations), in the order they arrived. A partition runs its calls one at a
/// time anyway, so waiting adds no latency, and the commands of many connections cost one call. Each batch keeps its
/// atomicity (one turn runs them all) and each key its order. A batch with watches goes alone: its precondition
/// covers its own operations only.
/// </summary>
internal sealed class PartitionCoalescer(ICacheClient cache)
{
    private readonly Lane?[] _lanes = new Lane?[cache.Partitioner.Partitions];

    public ValueTask<CacheBatchResult> ExecuteAsync(int partition, CacheOperation[] operations, CacheWatch[] watches)
    {
        if (watches.Length > 0 || operations.Length == 0)
        {
            return cache.ExecuteAsync(new CacheBatch { Operations = operations, Watches = watches });
        }

        var lane = _lanes[partition] ?? Interlocked.CompareExchange(ref _lanes[partition], new Lane(), null) ?? _lanes[partition]!;
        lock (lane)
        {
            if (lane.Busy)
            {
                var waiter = new Waiter(operations);
                lane.Waiting.Enqueue(waiter);
                return new ValueTask<CacheBatchResult>(waiter.Completion.Task);
            }

            lane.Busy = true;
        }

        return SendAsync(lane, operations);
    }

    private async ValueTask<CacheBatchResult> SendAsync(Lane lane, CacheOperation[] operations)
    {
        try
        {
            return await cache.ExecuteAsync(new CacheBatch { Operations = operations });
        }
        finally
        {
            SendWaiting(lane);
        }
    }

    /// <summary>After a call: sends what waited as one batch, or marks the lane idle.</summary>
    private void SendWaiting(Lane lane)
    {
        List<Waiter> next = [];
        lock (lane)
        {
            var operations = 0;
            while (lane.Waiting.TryPeek(out var waiter)
                && (next.Count == 0 || operations + waiter.Operations.Length <= CacheBatch.MaxOperations))
            {
                next.Add(lane.Waiting.Dequeue());
                operations += waiter.Operations.Length;
            }

            lane.Busy = next.Count > 0;
        }

        if (next.Count > 0)
        {
            _ = SendTogetherAsync(lane, next);
        }
    }

    private async Task SendTogetherAsync(Lane lane, List<Waiter> waiters)
    {
        try
        {
            var operations = waiters.Count == 1 ? waiters[0].Operations : [.. waiters.SelectMany(w => w.Operations)];
            CacheBatchResult result;
            try
            {
                result = await cache.ExecuteAsync(new CacheBatch { Operations = operations });
            }
            catch (Exception ex)
            {
                waiters.ForEach(w => w.Completion.TrySetException(ex));
                return;
            }

            if (waiters.Count == 1)
            {
                waiters[0].Completion.TrySetResult(result);
                return;
            }

            var offset = 0;
            foreach (var waiter in waiters)
            {
                var count = waiter.Operations.Length;
                waiter.Completion.TrySetResult(result.Status == CacheBatchStatus.Executed
                    ? new CacheBatchResult { Status = result.Status, Results = result.Results[offset..(offset + count)] }
                    : result);
                offset += count;
            }
        }
        finally
        {
            SendWaiting(lane);
        }
    }

    private sealed class Lane
    {
        public bool Busy;
        public readonly Queue<Waiter> Waiting = new();
    }

    private sealed record Waiter(CacheOperation[] Operations)
    {
        public TaskCompletionSource<CacheBatchResult> Completion { get; } = new();
    }
}
