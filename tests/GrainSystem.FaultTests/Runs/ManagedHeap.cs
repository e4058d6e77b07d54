using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace GrainSystem.FaultTests.Runs;

/// <summary>
/// The managed heap a .NET process keeps alive: its runtime is asked, through the diagnostics port, for a full blocking
/// collection (the GC heap-collect keyword, as dotnet-gcdump does), and the heap's size after it is read from that
/// collection's heap statistics. Unlike the resident memory, it does not move with the GC's budgets, the JIT or memory
/// the runtime keeps committed for reuse: what grows there is held by the program.
/// </summary>
public static class ManagedHeap
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Bytes alive after a full collection in process <paramref name="pid"/>; null when it could not be read.</summary>
    public static async Task<long?> AfterFullCollectionAsync(int pid)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
            using var session = client.StartEventPipeSession(
                [new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, keywords)], requestRundown: false);
            using var source = new EventPipeEventSource(session.EventStream);
            var induced = false;
            var size = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            source.Clr.GCStart += e => induced |= e.Reason == GCReason.Induced && e.Depth == 2;
            source.Clr.GCHeapStats += e =>
            {
                if (induced)
                {
                    size.TrySetResult(e.TotalHeapSize);
                }
            };
            Task processing = Task.Run(() => { source.Process(); });
            var first = await Task.WhenAny(size.Task, Task.Delay(Deadline));
            await session.StopAsync(CancellationToken.None);
            await processing.WaitAsync(Deadline).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return first == size.Task ? await size.Task : null;
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or EndOfStreamException or IOException or UnsupportedCommandException or TimeoutException)
        {
            return null; // the process ended meanwhile, or its diagnostics port did not answer
        }
    }
}
