using GrainSystem.FaultTests.History;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// All clients of a run against one API address, on one history: started together, stopped together, then finished
/// with what the checkers need — final reads of every key, every job watched to its end, subscribers drained, and the
/// locks inspected once every lease has run out.
/// </summary>
public sealed class Workload : IAsyncDisposable
{
    private static readonly TimeSpan FinishDeadline = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _stopSubscribers = new();
    private readonly List<Task> _clients = [];
    private readonly List<Task> _subscribers = [];
    private readonly WorkloadShape _shape;

    /// <summary>Keys and topics start with <paramref name="prefix"/>; lock names with <paramref name="lockPrefix"/> (shared by runs on one cluster).</summary>
    public Workload(Uri api, RunHistory history, string prefix, string lockPrefix, WorkloadShape shape)
    {
        _shape = shape;
        Api = new ApiClient(api, history);
        Cache = new CacheWorkload(Api, $"{prefix}-k");
        Locks = new LockWorkload(Api, [.. Enumerable.Range(0, shape.Locks).Select(i => $"{lockPrefix}-{i}")], shape.LockLease);
        Jobs = new JobWorkload(Api);
        Events = new EventWorkload(Api, prefix);
    }

    public ApiClient Api { get; }

    public CacheWorkload Cache { get; }

    public LockWorkload Locks { get; }

    public JobWorkload Jobs { get; }

    public EventWorkload Events { get; }

    public void Start()
    {
        var stop = _stop.Token;
        foreach (var patterns in Events.Subscriptions)
        {
            var log = new SubscriberLog($"subscriber({string.Join(" ", patterns)})", patterns);
            Api.History.Subscribers.Enqueue(log);
            _subscribers.Add(Task.Run(() => Events.RunSubscriberAsync(log, _stopSubscribers.Token)));
        }

        for (var i = 0; i < _shape.CacheClients; i++)
        {
            var client = i;
            _clients.Add(Task.Run(() => Cache.RunClientAsync(client, _shape.Think, stop)));
        }

        for (var i = 0; i < _shape.LockClients; i++)
        {
            var client = i;
            _clients.Add(Task.Run(() => Locks.RunClientAsync(client, stop)));
        }

        for (var i = 0; i < _shape.JobClients; i++)
        {
            var client = i;
            _clients.Add(Task.Run(() => Jobs.RunClientAsync(client, _shape.JobThink, _shape.JobsOneAtATime, stop)));
        }

        for (var i = 0; i < _shape.Publishers; i++)
        {
            var client = i;
            _clients.Add(Task.Run(() => Events.RunPublisherAsync(client, _shape.Think * 2, stop)));
        }
    }

    /// <summary>Stops the clients and collects what the checkers need; the cluster must be healed.</summary>
    public async Task FinishAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        await Cache.FinalReadsAsync(FinishDeadline);
        await Jobs.DrainAsync(FinishDeadline);
        try
        {
            await Poll.UntilAsync(() => Api.History.Subscribers.All(Events.CaughtUp), TimeSpan.FromSeconds(30),
                "every subscriber to receive every acknowledged event", TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException)
        {
            // What never arrived is reported by the event checker.
        }

        await _stopSubscribers.CancelAsync();
        await Task.WhenAll(_subscribers);

        // Leases end by time: wait until the last one asked for has run out, then look at every lock.
        var lastLeaseEnd = Api.History.Locks.Where(op => op.Kind != LockOpKind.Release).Select(op => op.Invoke + op.Lease.Ticks).DefaultIfEmpty(0).Max();
        var wait = TimeSpan.FromTicks(lastLeaseEnd - Api.History.Clock.Now) + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await Locks.InspectAllAsync(FinishDeadline);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _stopSubscribers.CancelAsync();
        await Task.WhenAll(_clients.Concat(_subscribers)).ContinueWith(_ => { }, TaskScheduler.Default);
        Api.Dispose();
        _stop.Dispose();
        _stopSubscribers.Dispose();
    }
}
