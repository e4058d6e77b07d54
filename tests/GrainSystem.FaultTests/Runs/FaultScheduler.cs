using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.History;
using GrainSystem.FaultTests.Nemesis;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Runs;

/// <summary>
/// Runs faults one after another under a running workload, each in its own window: inject, hold, heal, then wait until
/// every feature answered a request sent after the heal (or the settle time ran out), recording the window.
/// </summary>
public static class FaultScheduler
{
    public static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(45);

    public static async Task<FaultWindow> RunAsync(Fault fault, FaultContext context, RunHistory history)
    {
        var clock = history.Clock;
        var start = clock.Now;
        context.Log($"-- {fault.Name}");
        await fault.InjectAsync(context);
        var injected = clock.Now;
        await fault.HoldAsync(context);
        await fault.HealAsync(context);
        var healed = clock.Now;
        context.Log($"healed after {TimeSpan.FromTicks(healed - injected).TotalSeconds:0.0} s");
        try
        {
            await Poll.UntilAsync(() => Features.All.All(f => AnsweredSince(history, f, healed)), SettleDeadline,
                $"every feature to answer after {fault.Name} was healed", TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            // The liveness checker reports the feature that never answered.
            context.Log(ex.Message);
        }

        var window = new FaultWindow(fault.Name, start, injected, healed, clock.Now);
        history.AddWindow(window);
        return window;
    }

    /// <summary>Whether <paramref name="feature"/> answered (anything but a 5xx) a request sent after <paramref name="time"/>.</summary>
    public static bool AnsweredSince(RunHistory history, string feature, long time) =>
        history.Requests.Any(r => r.Feature == feature && r.Start >= time && r.Status is >= 200 and < 500);
}
