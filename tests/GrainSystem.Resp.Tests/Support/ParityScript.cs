namespace GrainSystem.Resp.Tests.Support;

/// <summary>
/// Runs the same commands on redis-server and on the endpoint and compares every reply byte for byte. In a command,
/// <c>$</c> stands for a prefix unique to the run, a hash tag (<c>{…}</c>) so that the run's keys share a partition;
/// <c>&lt;in:S&gt;</c> for the Unix time (seconds) S seconds from now and <c>&lt;inms:M&gt;</c> for the Unix milliseconds M ms from
/// now, the same for both servers; a command starting with
/// <c>@2</c> goes to a second connection (to change a watched key, say).
/// </summary>
public static class ParityScript
{
    public static async Task RunAsync(string name, string[][] commands, int redisPort, RespTarget endpoint)
    {
        var prefix = "{" + Guid.NewGuid().ToString("N")[..8] + "}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await using var reference = await RawRespClient.ConnectAsync(redisPort);
        await using var referenceOther = await RawRespClient.ConnectAsync(redisPort);
        await using var actual = await endpoint.ConnectRawAsync();
        await using var actualOther = await endpoint.ConnectRawAsync();
        foreach (var raw in commands)
        {
            var other = raw[0] == "@2";
            var command = (other ? raw[1..] : raw).Select(a => a switch
            {
                _ when a.StartsWith("<in:", StringComparison.Ordinal) => (now + long.Parse(a[4..^1])).ToString(),
                _ when a.StartsWith("<inms:", StringComparison.Ordinal) => ((now * 1000) + long.Parse(a[6..^1])).ToString(),
                _ => a.Replace("$", prefix, StringComparison.Ordinal),
            }).ToArray();
            var expected = await (other ? referenceOther : reference).CallAsync(command);
            var got = await (other ? actualOther : actual).CallAsync(command);
            Assert.True(expected.Raw == got.Raw,
                $"{name}: {string.Join(' ', command)}{Environment.NewLine}redis:       {expected.Raw}{Environment.NewLine}grainsystem: {got.Raw}");
        }
    }
}
