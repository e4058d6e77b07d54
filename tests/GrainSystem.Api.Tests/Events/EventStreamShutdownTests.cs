using System.Diagnostics;
using GrainSystem.Api.Tests.Http;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainSystem.Api.Tests.Events;

public sealed class EventStreamShutdownTests
{
    [Fact]
    public async Task Open_streams_end_when_the_server_shuts_down_instead_of_holding_it_up()
    {
        await using var factory = new GrainSystemApiFactory();
        var client = factory.CreateClient();
        using var response = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/events/stream?pattern=shutdown.{Guid.NewGuid():N}"),
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var next = reader.NextAsync(timeout.Token);
        await GrainSystem.Testing.Poll.UntilAsync(() => reader.Comments.Contains(": subscribed"), TimeSpan.FromSeconds(20), "the stream to open");

        var clock = Stopwatch.StartNew();
        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Null(await next);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the stream ended {clock.Elapsed} after shutdown began");
    }
}
