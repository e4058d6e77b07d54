using GrainSystem.Api.Resp;
using GrainSystem.Resp.Tests.Support;

namespace GrainSystem.Resp.Tests.Commands;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task A_connection_over_the_limit_is_answered_max_clients_and_closed_and_a_slot_frees_when_one_leaves()
    {
        var connections = new InProcessConnections(new RespOptions { MaxConnections = 2 });
        var first = connections.Open();
        var second = connections.Open();
        await first.SendAsync("PING\r\n");
        Assert.Equal("+PONG\r\n", await first.ReadAsync());
        await second.SendAsync("PING\r\n");
        Assert.Equal("+PONG\r\n", await second.ReadAsync());

        var third = connections.Open();
        Assert.Equal("-ERR max number of clients reached\r\n", await third.ReadToEndAsync());

        await first.CloseAsync();
        var fourth = connections.Open();
        await fourth.SendAsync("PING\r\n");
        Assert.Equal("+PONG\r\n", await fourth.ReadAsync());
    }

    [Fact]
    public async Task QUIT_ends_the_connection_after_its_reply()
    {
        var connection = new InProcessConnections(new RespOptions()).Open();
        await connection.SendAsync("PING\r\nQUIT\r\nPING\r\n");
        Assert.Equal("+PONG\r\n+OK\r\n", await connection.ReadToEndAsync());
    }
}
