using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GrainSystem.Hosting;

/// <summary>
/// Makes a silo that was stalled (stopped by a signal, a paused VM, a very long GC) re-read the membership table as soon
/// as it runs again. Its peers may have declared it dead meanwhile; Orleans ends a silo that reads that about itself, so
/// such a silo stops within a second of running again instead of serving as a stale duplicate until its next periodic
/// read (<c>TableRefreshTimeout</c>). A stall is a gap between two ticks longer than <c>ProbeTimeout</c>: anything
/// shorter cannot have cost a probe.
/// </summary>
internal sealed partial class SiloStallWatch(
    IClusterMembershipService membership,
    IOptions<ClusterMembershipOptions> options,
    ILogger<SiloStallWatch> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloStallWatch), ServiceLifecycleStage.Active, Start, Stop);

    public void Dispose() => _stop.Dispose();

    private Task Start(CancellationToken cancellationToken)
    {
        _watch = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _watch.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        var stall = options.Value.ProbeTimeout + Period;
        using var timer = new PeriodicTimer(Period);
        var last = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var gap = Stopwatch.GetElapsedTime(last);
                if (gap > stall)
                {
                    LogStalled(logger, gap.TotalSeconds);
                    await RefreshAsync(stop);
                }

                last = Stopwatch.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The silo stops.
        }
    }

    private async Task RefreshAsync(CancellationToken stop)
    {
        try
        {
            await membership.Refresh(default, stop);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // The periodic read (TableRefreshTimeout) remains.
            LogRefreshFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo did not run for {Seconds:0.0} s; reading the membership table in case its peers declared it dead")]
    private static partial void LogStalled(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the membership table after a stall failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
