using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GrainSystem.Hosting;

/// <summary>
/// Holds every grain call of the API's cluster client to its response timeout (the method's own
/// <c>[ResponseTimeout]</c>, else <c>Orleans:Failover:ResponseTimeout</c>) to the millisecond. Orleans itself notices an
/// expired call by a sweep that runs once a second, so without this a call waiting on a frozen silo or a frozen Redis is
/// answered up to a second after its timeout. A call past its deadline throws <see cref="TimeoutException"/>, as Orleans'
/// own expiry does: the request may still run, so a write's outcome is unknown. The call itself is left to finish or
/// expire; its late outcome is observed and dropped.
/// </summary>
internal sealed class GrainCallDeadlineFilter(IOptions<ClientMessagingOptions> messaging, TimeProvider time) : IOutgoingGrainCallFilter
{
    private readonly TimeSpan _responseTimeout = messaging.Value.ResponseTimeout;

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        var call = context.Invoke();
        if (call.IsCompleted)
        {
            return call;
        }

        var timeout = context.Request.GetDefaultResponseTimeout() ?? _responseTimeout;
        return AwaitAsync(call, timeout, context);
    }

    private async Task AwaitAsync(Task call, TimeSpan timeout, IOutgoingGrainCallContext context)
    {
        try
        {
            await call.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            LateCalls.LeaveRunning(call);
            throw new TimeoutException(
                $"Response did not arrive on time in {timeout} for {context.InterfaceName}.{context.MethodName} to {context.TargetId}.");
        }
    }
}
