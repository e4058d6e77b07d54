using GrainSystem.Resp.Tests.Support;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>AUTH and HELLO … AUTH against the API keys (the cluster deployment has one configured).</summary>
[Collection(ClusterApiCollection.Name)]
public sealed class AuthenticationTests(ClusterApi api)
{
    [Fact]
    public async Task Every_command_but_HELLO_AUTH_QUIT_and_RESET_answers_NOAUTH_until_AUTH()
    {
        await using var client = await api.ConnectRawAsync(authenticate: false);
        Assert.Equal("-NOAUTH Authentication required.\r\n", (await client.CallAsync("PING")).Raw);
        Assert.Equal("-NOAUTH Authentication required.\r\n", (await client.CallAsync("GS.LOCK.INFO", "x")).Raw);
        Assert.StartsWith("-NOAUTH HELLO must be called with the client already authenticated", (await client.CallAsync("HELLO", "3")).Raw);
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n", (await client.CallAsync("AUTH", "wrong")).Raw);
        Assert.Equal("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            (await client.CallAsync("AUTH", "admin", ClusterApi.ApiKey)).Raw);
        Assert.Equal("-ERR syntax error\r\n", (await client.CallAsync("AUTH", "a", "b", "c")).Raw);
        Assert.Equal("+OK\r\n", (await client.CallAsync("AUTH", ClusterApi.ApiKey)).Raw);
        Assert.Equal("+PONG\r\n", (await client.CallAsync("PING")).Raw);
    }

    [Fact]
    public async Task AUTH_default_key_and_HELLO_3_AUTH_authenticate()
    {
        await using var first = await api.ConnectRawAsync(authenticate: false);
        Assert.Equal("+OK\r\n", (await first.CallAsync("AUTH", "default", ClusterApi.ApiKey)).Raw);

        await using var second = await api.ConnectRawAsync(authenticate: false);
        var hello = await second.CallAsync("HELLO", "3", "AUTH", "default", ClusterApi.ApiKey, "SETNAME", "svc");
        Assert.Equal('%', hello.Type);
        Assert.Equal("svc", (await second.CallAsync("CLIENT", "GETNAME")).Text);
    }

    [Fact]
    public async Task Before_AUTH_a_large_command_is_a_protocol_error_that_closes()
    {
        await using var client = await api.ConnectRawAsync(authenticate: false);
        await client.SendAsync("*11\r\n");
        Assert.Equal("-ERR Protocol error: unauthenticated multibulk length\r\n", (await client.ReadAsync())!.Raw);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_client_library_with_the_key_as_password_connects()
    {
        await using var redis = await api.ConnectAsync();
        Assert.Equal("hi", (string?)await redis.GetDatabase().ExecuteAsync("ECHO", "hi"));
    }
}
