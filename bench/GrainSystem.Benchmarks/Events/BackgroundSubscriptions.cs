using GrainSystem.Abstractions.Events;

namespace GrainSystem.Benchmarks.Events;

/// <summary>
/// Many registered subscriptions that never match the measured topic (<c>bench.{guid}</c>) but share its
/// routers: literal ones under <c>bench.</c>, and wildcard ones (<c>*.other{i}.#</c>, <c>#.other{i}</c>).
/// With the pattern index a publish's cost must not grow with them.
/// </summary>
internal static class BackgroundSubscriptions
{
    public static async Task<IAsyncDisposable> RegisterAsync(IGrainFactory grains, int count)
    {
        var observer = new IdleObserver();
        var reference = grains.CreateObjectReference<IEventObserver>(observer);
        var ids = new List<(long Router, Guid Id)>(count);
        for (var i = 0; i < count; i += 64)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(64, count - i)).Select(n =>
            {
                var pattern = (n % 3) switch
                {
                    0 => $"bench.other{n}.#",
                    1 => $"*.other{n}.#",
                    _ => $"#.other{n}",
                };
                var router = EventRouting.RouterFor(TopicPattern.Parse(pattern));
                var id = Guid.NewGuid();
                lock (ids)
                {
                    ids.Add((router, id));
                }

                return grains.GetGrain<IEventRouterGrain>(router).Subscribe(id, reference, [pattern]);
            }));
        }

        return new Registration(grains, reference, observer, ids);
    }

    private sealed class Registration(IGrainFactory grains, IEventObserver reference, IdleObserver observer, List<(long Router, Guid Id)> ids)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var chunk in ids.Chunk(64))
            {
                await Task.WhenAll(chunk.Select(s => grains.GetGrain<IEventRouterGrain>(s.Router).Unsubscribe(s.Id)));
            }

            grains.DeleteObjectReference<IEventObserver>(reference);
            GC.KeepAlive(observer);
        }
    }

    private sealed class IdleObserver : IEventObserver
    {
        public Task OnEvents(EventDelivery delivery) => Task.CompletedTask;
    }
}
