using System.Globalization;
using GrainSystem.Benchmarks.Suite;
using GrainSystem.Testing;

namespace GrainSystem.Benchmarks.Resp;

/// <summary>
/// <c>resp</c>: <c>redis-benchmark -c 50 -d 100 -r 10000 -t set,get,incr</c>, unpipelined and with <c>-P 16</c>, against the RESP
/// endpoint of the GrainSystem API process (embedded), beside redis-server and Microsoft Garnet on the same machine. Until the API
/// answers RESP its rows say "not built", and Garnet's ratio to redis-server (what GrainSystem's is held to) goes to the notes.
/// </summary>
public sealed class RespScenario : IScenario
{
    private const string NotBuilt = "not built";

    public string Name => "resp";

    public int Order => 6;

    public async Task RunAsync(ScenarioContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!Tool.Installed("redis-benchmark"))
        {
            AddMissing(context, "redis-benchmark not installed");
            return;
        }

        var requests = context.Settings.Pick(smoke: 2_000, quick: 20_000, full: 200_000);
        await using var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var watchRedis = context.Cpu.Watch("redis-server", redis.Pid);
        using var garnet = GarnetPeer.Start();
        await using var api = await ApiUnderTest.StartAsync(context);
        var built = await RedisBenchmarkTool.AnswersPingAsync(api.RespPort, cancellationToken);
        if (!built)
        {
            AddMissing(context, NotBuilt);
            await api.DisposeAsync();
        }

        foreach (var pipeline in new[] { 1, 16 })
        {
            context.Progress($"-P {pipeline}");
            Side Server(string name, int port) => new(name, (_, ct) => RedisBenchmarkTool.RunAsync(port, requests, pipeline, ct));
            var product = Server("GrainSystem RESP, embedded", api.RespPort);
            var redisSide = Server("redis-server", redis.Port);
            var garnetSide = Server("Garnet (embedded)", garnet.Port);
            var rounds = await Rounds.RunAsync(context, built ? [product, redisSide, garnetSide] : [redisSide, garnetSide]);
            var suffix = pipeline == 1 ? "" : $".p{pipeline}";
            foreach (var command in RedisBenchmarkTool.Commands)
            {
                var measure = $"redis-benchmark {command.ToUpperInvariant()}, 50 clients{(pipeline == 1 ? "" : $", -P {pipeline}")}";
                if (built)
                {
                    rounds.Compare($"resp.{command}{suffix}.vs-redis", measure, product, redisSide, command, "req/s");
                    rounds.Compare($"resp.{command}{suffix}.vs-garnet", measure, product, garnetSide, command, "req/s");
                }

                var garnetRate = MarkdownTable.Format(rounds.Median(garnetSide, command), "req/s");
                var redisRate = MarkdownTable.Format(rounds.Median(redisSide, command), "req/s");
                var garnetRatio = rounds.Ratio(garnetSide, redisSide, command).Median;
                context.Note(string.Create(CultureInfo.InvariantCulture,
                    $"{measure}: Garnet {garnetRate}, redis-server {redisRate}, Garnet ÷ redis-server {garnetRatio:0.00}×."));
            }
        }

        context.Note(string.Create(CultureInfo.InvariantCulture, $"redis-benchmark -n {requests:N0} per command, one run per side and round for ") +
            "SET, GET and INCR in turn (CPU per op over the three); redis-benchmark shares the two cores with the server it measures. " +
            "Garnet runs in the benchmark process (1 GiB log, no persistence), redis-server with persistence off.");
    }

    private static void AddMissing(ScenarioContext context, string why)
    {
        foreach (var suffix in new[] { "", ".p16" })
        {
            foreach (var command in RedisBenchmarkTool.Commands)
            {
                var measure = $"redis-benchmark {command.ToUpperInvariant()}, 50 clients{(suffix == "" ? "" : ", -P 16")}";
                context.Missing($"resp.{command}{suffix}.vs-redis", measure, "redis-server", why);
                context.Missing($"resp.{command}{suffix}.vs-garnet", measure, "Garnet (embedded)", why);
            }
        }
    }
}
