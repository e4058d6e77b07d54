using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using GrainSystem.Abstractions.Locking;
using GrainSystem.Api.Http;
using GrainSystem.Api.Tests.Http;
using GrainSystem.Client.Locking;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Api.Tests.Locking;

/// <summary>
/// An acquire is answered within its wait plus one response timeout, whatever its lock does: a lock whose calls never
/// answer (its Redis frozen, say) gets 503 outcome-unknown at that deadline, not after a further call's own timeout, and
/// the lock call is left to finish (cancelling it would release a grant being written).
/// </summary>
public sealed class LockAcquireDeadlineTests(GrainSystemApiFactory factory) : IClassFixture<GrainSystemApiFactory>
{
    [Fact]
    public async Task An_acquire_whose_lock_never_answers_is_an_unknown_outcome_at_its_wait_plus_the_response_timeout()
    {
        var hung = new HungLockClient();
        using var app = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Orleans:Failover:ResponseTimeout", "00:00:01");
            b.ConfigureTestServices(s => s.AddSingleton<ILockClient>(hung));
        });
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/locks/frozen/acquire", new { owner = "w1", leaseSeconds = 10, waitSeconds = 0.5 });
        var elapsed = watch.Elapsed;

        var problem = await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Problems.OutcomeUnknownType, problem.GetProperty("type").GetString());
        Assert.True(hung.Called.Task.IsCompletedSuccessfully, "the acquire reached the lock client");
        Assert.False(hung.Cancelled.Task.IsCompleted, "the lock is not told to cancel: a grant being written would be released");
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.5), $"answered at {elapsed}, before the wait plus the response timeout");
    }

    /// <summary>A lock client whose acquire never answers until its caller cancels it.</summary>
    private sealed class HungLockClient : ILockClient
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<LockAcquireResult> AcquireGrantAsync(string name, LockAcquireRequest request, CancellationToken cancellationToken = default)
        {
            Called.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }

            throw new UnreachableException();
        }

        public Task<LockAcquireResult> AcquireGrantAsync(string name, string owner, TimeSpan lease, TimeSpan wait,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<LockHandle> AcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<LockHandle?> TryAcquireAsync(string name, TimeSpan lease, TimeSpan wait, LockHandleOptions options,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<LockRenewResult> RenewAsync(string name, string token, TimeSpan lease) => throw new NotSupportedException();

        public Task<LockReleaseResult> ReleaseAsync(string name, string token) => throw new NotSupportedException();

        public Task<LockInfo> InspectAsync(string name) => throw new NotSupportedException();
    }
}
