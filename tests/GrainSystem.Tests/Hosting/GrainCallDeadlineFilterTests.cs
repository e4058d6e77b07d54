using System.Reflection;
using GrainSystem.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Serialization.Invocation;

namespace GrainSystem.Tests.Hosting;

/// <summary>
/// The client's deadline on each grain call: Orleans' own expiry sweep runs once a second, so a call is only answered
/// on time if the filter ends it at its response timeout. Time is a fake clock: nothing else can end the call.
/// </summary>
public sealed class GrainCallDeadlineFilterTests
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_call_with_no_answer_fails_with_a_timeout_at_its_response_timeout()
    {
        var time = new FakeTimeProvider();
        var (filter, context, _) = Create(time, methodTimeout: null);

        var call = filter.Invoke(context);
        time.Advance(ResponseTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("ILockGrain.Acquire", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_with_its_own_response_timeout_keeps_it()
    {
        var time = new FakeTimeProvider();
        var (filter, context, answer) = Create(time, methodTimeout: TimeSpan.FromHours(1));

        var call = filter.Invoke(context);
        time.Advance(ResponseTimeout * 10);
        Assert.False(call.IsCompleted);

        answer.SetResult();
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromHours(1));
        Assert.True(call.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task An_answer_in_time_passes_through_with_its_failure()
    {
        var time = new FakeTimeProvider();
        var (filter, context, answer) = Create(time, methodTimeout: null);

        var call = filter.Invoke(context);
        time.Advance(ResponseTimeout / 2);
        answer.SetException(new InvalidOperationException("the grain's own failure"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("the grain's own failure", failure.Message);
    }

    private static (GrainCallDeadlineFilter Filter, IOutgoingGrainCallContext Context, TaskCompletionSource Answer) Create(
        FakeTimeProvider time, TimeSpan? methodTimeout)
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = DispatchProxy.Create<IInvokable, Fake>();
        ((Fake)(object)request).Answers["GetDefaultResponseTimeout"] = methodTimeout;
        var context = DispatchProxy.Create<IOutgoingGrainCallContext, Fake>();
        var fake = (Fake)(object)context;
        fake.Answers["Invoke"] = answer.Task;
        fake.Answers["get_Request"] = request;
        fake.Answers["get_InterfaceName"] = "ILockGrain";
        fake.Answers["get_MethodName"] = "Acquire";
        var options = Options.Create(new ClientMessagingOptions { ResponseTimeout = ResponseTimeout });
        return (new GrainCallDeadlineFilter(options, time), context, answer);
    }

    /// <summary>A call context or request that answers the members a test sets, and the default of the rest.</summary>
    public class Fake : DispatchProxy
    {
        public Dictionary<string, object?> Answers { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            Answers.TryGetValue(targetMethod!.Name, out var answer) ? answer
                : targetMethod.ReturnType.IsValueType && targetMethod.ReturnType != typeof(void) ? Activator.CreateInstance(targetMethod.ReturnType) : null;
    }
}
